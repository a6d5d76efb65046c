/** Invariant checks of the consensus core: a failure is a bug, the node crashes and recovers from storage. */
export declare class AssertionError extends Error {
    constructor(message: string);
}
export declare function assert(cond: unknown, message: string): asserts cond;
