/** Invariant checks of the consensus core: a failure is a bug, the node crashes and recovers from storage. */
export class AssertionError extends Error {
    constructor(message) {
        super(`assertion failed: ${message}`);
        this.name = 'AssertionError';
    }
}
export function assert(cond, message) {
    if (!cond)
        throw new AssertionError(message);
}
//# sourceMappingURL=assert.js.map