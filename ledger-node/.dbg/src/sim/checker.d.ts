import type { Block, CommitCert, CommittedBlock, ConsensusMsg, ProposalMsg } from '../consensus/types.js';
import type { MemoryStorage } from '../storage/memory.js';
export interface Violation {
    readonly invariant: string;
    readonly detail: string;
    readonly timeMs: number;
}
export declare class Checker {
    readonly violations: Violation[];
    readonly faultsWithinBound: boolean;
    private readonly honest;
    private readonly committedAt;
    private readonly instTip;
    private readonly votes;
    private readonly proposals;
    private readonly maxSignedView;
    private readonly timedOut;
    private readonly submitted;
    private readonly txHeight;
    private readonly blockTxs;
    private readonly acked;
    /** Every proposal sent by anyone: block hash → the max high-QC view of each TC it came with (-1: none). */
    private readonly proposed;
    /** Block hash → views of the children proposed on it. */
    private readonly childViews;
    private maxHeight;
    healAtMs: number;
    liveAtMs: number;
    constructor(honestIndices: readonly number[], faultsWithinBound: boolean);
    violate(invariant: string, detail: string, timeMs: number): void;
    onSubmitted(tx: Uint8Array): void;
    onHeal(nowMs: number): void;
    onLive(nowMs: number): void;
    /**
     * A signature an honest key made, recorded when it is made (sim/recording_crypto.ts) — before any
     * persist or send, so a vote the leader delivers to itself or one lost in a crash counts too.
     */
    onSigned(index: number, message: Uint8Array, nowMs: number): void;
    /** Any proposal sent by any instance, honest or not (what voters and the commit rule act on). */
    onProposalSent(msg: ProposalMsg): void;
    /** A message sent by an honest instance with key `index` (proposals: their view is in the block). */
    onSend(index: number, msg: ConsensusMsg, nowMs: number): void;
    private signed;
    onRecovered(instId: number, index: number, height: number, hash: string, nowMs: number): void;
    onCommit(instId: number, index: number, blocks: readonly CommittedBlock[], nowMs: number): void;
    /** `stored`: the certified block as found in the certifying replica's storage (if the commit action was lost to a crash). */
    onCertified(cert: CommitCert, stored: Block | undefined, nowMs: number): void;
    private ackedAtPowerCut;
    /** Called right before every honest replica loses power at once (durability phase). */
    onPowerCut(): void;
    checkDurability(instances: ReadonlyArray<{
        id: number;
        storage: MemoryStorage;
    }>, nowMs: number): void;
    maxHonestHeight(): number;
    committedTxCount(): number;
    isAcked(hash: string): boolean;
    ackedCount(): number;
}
