/**
 * The replica node's FIFO of events waiting for the core, bounded in count and in bytes
 * (`eventQueueMax`, `eventQueueBytesMax` in ConsensusConfig). Peer frames are offered with `offer`
 * and dropped when either bound would be passed (consensus recovers through timeouts and catch-up);
 * the node's own events (recovery, ticks, admitted client submissions) always enter with `push`,
 * and HTTP refuses new submissions (503) once the queue is half full by either measure.
 */
export class EventQueue {
    countMax;
    bytesMax;
    items = [];
    head = 0;
    queuedBytes = 0;
    constructor(countMax, bytesMax) {
        this.countMax = countMax;
        this.bytesMax = bytesMax;
    }
    get length() {
        return this.items.length - this.head;
    }
    get bytes() {
        return this.queuedBytes;
    }
    /** Enqueue a peer's event unless the queue is full by count or bytes; false = dropped. */
    offer(item, bytes) {
        if (this.length >= this.countMax || this.queuedBytes + bytes > this.bytesMax)
            return false;
        this.push(item, bytes);
        return true;
    }
    /** Enqueue one of the node's own events (bounded by its callers). */
    push(item, bytes) {
        this.items.push({ item, bytes });
        this.queuedBytes += bytes;
    }
    shift() {
        if (this.head >= this.items.length)
            return undefined;
        const e = this.items[this.head++];
        this.queuedBytes -= e.bytes;
        // Compact now and then instead of an O(n) Array.shift per event.
        if (this.head >= 1024 && this.head * 2 >= this.items.length) {
            this.items = this.items.slice(this.head);
            this.head = 0;
        }
        return e.item;
    }
    /** Half full by either bound: clients should back off. */
    overloaded() {
        return this.length >= this.countMax / 2 || this.queuedBytes >= this.bytesMax / 2;
    }
    clear() {
        this.items = [];
        this.head = 0;
        this.queuedBytes = 0;
    }
}
//# sourceMappingURL=event_queue.js.map