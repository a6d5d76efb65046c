export declare const HANDSHAKE_TAG = "civic-budget/handshake/v1";
export interface PeerInfo {
    index: number;
    host: string;
    port: number;
    publicKey: Uint8Array;
}
export interface TransportOptions {
    chainId: string;
    index: number;
    secretKey: Uint8Array;
    listenHost: string;
    listenPort: number;
    peers: PeerInfo[];
    frameBytesMax?: number;
    handshakeFrameBytesMax?: number;
    handshakeTimeoutMs?: number;
    sendQueueBytesMax?: number;
    backoffMsMin?: number;
    backoffMsMax?: number;
    /** Frames held per peer while its link is down (oldest dropped beyond these). */
    pendingFramesMax?: number;
    pendingBytesMax?: number;
    log?: (msg: string) => void;
}
export interface TransportStats {
    framesIn: number;
    framesOut: number;
    framesDropped: number;
    peersDropped: number;
    bytesIn: number;
    bytesOut: number;
}
export declare function handshakeMessage(chainId: string, dialer: number, acceptor: number, nonce: Uint8Array): Uint8Array;
export declare class Transport {
    private readonly opts;
    onMessage: (from: number, payload: Buffer) => void;
    onPeerReady: (index: number) => void;
    readonly stats: TransportStats;
    /** Test-only fault switch: when set, every payload in and out is dropped (connections stay up). */
    partitioned: boolean;
    private server;
    private outbound;
    private inbound;
    private pending;
    private closed;
    private readonly frameBytesMax;
    private readonly handshakeFrameBytesMax;
    private readonly handshakeTimeoutMs;
    private readonly sendQueueBytesMax;
    private readonly backoffMsMin;
    private readonly backoffMsMax;
    private readonly pendingFramesMax;
    private readonly pendingBytesMax;
    private readonly log;
    private readonly peersByIndex;
    constructor(opts: TransportOptions);
    start(): Promise<void>;
    peersConnected(): number;
    send(to: number, payload: Uint8Array): boolean;
    broadcast(payload: Uint8Array): void;
    close(): Promise<void>;
    private dial;
    private onAccept;
    /** Drops the authenticated inbound link of a peer (e.g. after it sent an invalid message). */
    dropPeer(index: number, why: string): void;
}
