/**
 * The replica node's FIFO of events waiting for the core, bounded in count and in bytes
 * (`eventQueueMax`, `eventQueueBytesMax` in ConsensusConfig). Peer frames are offered with `offer`
 * and dropped when either bound would be passed (consensus recovers through timeouts and catch-up);
 * the node's own events (recovery, ticks, admitted client submissions) always enter with `push`,
 * and HTTP refuses new submissions (503) once the queue is half full by either measure.
 */
export declare class EventQueue<T> {
    readonly countMax: number;
    readonly bytesMax: number;
    private items;
    private head;
    private queuedBytes;
    constructor(countMax: number, bytesMax: number);
    get length(): number;
    get bytes(): number;
    /** Enqueue a peer's event unless the queue is full by count or bytes; false = dropped. */
    offer(item: T, bytes: number): boolean;
    /** Enqueue one of the node's own events (bounded by its callers). */
    push(item: T, bytes: number): void;
    shift(): T | undefined;
    /** Half full by either bound: clients should back off. */
    overloaded(): boolean;
    clear(): void;
}
