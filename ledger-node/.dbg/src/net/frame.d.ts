export declare const FRAME_HEADER_BYTES = 4;
export declare const FRAME_BYTES_MAX_DEFAULT: number;
export declare function encodeFrame(payload: Uint8Array, frameBytesMax?: number): Buffer;
export declare class FrameError extends Error {
}
/** Incremental decoder: push chunks, get complete payloads; throws FrameError on a bad length. */
export declare class FrameDecoder {
    frameBytesMax: number;
    private chunks;
    private buffered;
    constructor(frameBytesMax?: number);
    push(chunk: Buffer): Buffer[];
    private peek;
    private take;
}
