// Length-prefixed frames: u32 big-endian payload length, then the payload.
//
// Invariants:
// - a decoder never buffers more than `frameBytesMax + 4` bytes of one frame;
// - a frame whose announced length is 0 or above `frameBytesMax` is an error (the peer is dropped),
//   detected from the 4-byte prefix alone, before its payload arrives.
export const FRAME_HEADER_BYTES = 4;
export const FRAME_BYTES_MAX_DEFAULT = 4 * 1024 * 1024;
export function encodeFrame(payload, frameBytesMax = FRAME_BYTES_MAX_DEFAULT) {
    if (payload.length === 0 || payload.length > frameBytesMax) {
        throw new Error(`frame payload of ${payload.length} bytes outside 1..${frameBytesMax}`);
    }
    const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
    out.writeUInt32BE(payload.length, 0);
    out.set(payload, FRAME_HEADER_BYTES);
    return out;
}
export class FrameError extends Error {
}
/** Incremental decoder: push chunks, get complete payloads; throws FrameError on a bad length. */
export class FrameDecoder {
    frameBytesMax;
    chunks = [];
    buffered = 0;
    constructor(frameBytesMax = FRAME_BYTES_MAX_DEFAULT) {
        this.frameBytesMax = frameBytesMax;
    }
    push(chunk) {
        this.chunks.push(chunk);
        this.buffered += chunk.length;
        const out = [];
        for (;;) {
            if (this.buffered < FRAME_HEADER_BYTES)
                break;
            const head = this.peek(FRAME_HEADER_BYTES);
            const len = head.readUInt32BE(0);
            if (len === 0 || len > this.frameBytesMax) {
                throw new FrameError(`frame length ${len} outside 1..${this.frameBytesMax}`);
            }
            if (this.buffered < FRAME_HEADER_BYTES + len)
                break;
            const all = this.take(FRAME_HEADER_BYTES + len);
            out.push(all.subarray(FRAME_HEADER_BYTES));
        }
        return out;
    }
    peek(n) {
        if (this.chunks[0].length >= n)
            return this.chunks[0].subarray(0, n);
        const joined = Buffer.concat(this.chunks);
        this.chunks = [joined];
        return joined.subarray(0, n);
    }
    take(n) {
        let first = this.chunks[0];
        if (first.length < n) {
            first = Buffer.concat(this.chunks);
            this.chunks = [first];
        }
        const out = first.subarray(0, n);
        if (first.length === n)
            this.chunks.shift();
        else
            this.chunks[0] = first.subarray(n);
        this.buffered -= n;
        return out;
    }
}
//# sourceMappingURL=frame.js.map