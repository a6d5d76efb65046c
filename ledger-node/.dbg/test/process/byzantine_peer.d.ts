export type Attack = 'wrongHeight' | 'badPoint' | 'farFuture' | 'commitSpam' | 'voteFlood';
export declare const ATTACKS: readonly Attack[];
export declare class ByzantinePeer {
    readonly index: number;
    readonly sent: Map<Attack, number>;
    private transport;
    private readonly sk;
    private readonly chainId;
    private highQc;
    private topView;
    private spammedUpTo;
    constructor(dir: string, index: number);
    start(): Promise<void>;
    stop(): Promise<void>;
    private send;
    private sign;
    private onFrame;
    /** Attacks 1, 3 and 5 around a freshly proposed block. */
    private attackView;
    /** Attacks 2 and 4 when an honest replica signs a commit. */
    private attackHeight;
}
