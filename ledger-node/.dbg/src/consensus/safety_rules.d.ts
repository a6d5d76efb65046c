import type { CertVerifier } from './cert_verifier.js';
import type { ConsensusCrypto } from './crypto.js';
import type { Ruleset } from './rules.js';
import type { Block, CommitCert, CommitSigMsg, ProposalMsg, QuorumCert, SafetyRecord, StorageOp, TimeoutCert, TimeoutMsg, VoteMsg } from './types.js';
/** A sign request that breaks a safety rule: nothing was signed. */
export interface Refusal {
    readonly refused: string;
}
export declare function isRefusal(x: object): x is Refusal;
/** A safety record that cannot be trusted: the replica must not start on it. */
export declare class SafetyRecordError extends Error {
    constructor(message: string);
}
/** Makes `record` durable (together with `withOps`, in one synced batch) before a signature leaves. */
export type PersistSafety = (record: SafetyRecord, withOps: readonly StorageOp[]) => void;
/** Why a block is committed: a QC on its child in the very next view, or a commit certificate. */
export type CommitProof = {
    readonly kind: 'qc';
    readonly child: Block;
    readonly qc: QuorumCert;
} | {
    readonly kind: 'cert';
    readonly cert: CommitCert;
};
export declare class SafetyRules {
    private readonly crypto;
    private readonly verifier;
    private readonly rules;
    private readonly persist;
    private readonly chainId;
    private readonly committedWindow;
    private data;
    private committedHeight;
    private committedHash;
    /** height → hash of the recently committed blocks (commit signatures may be re-sent for them). */
    private readonly committed;
    constructor(crypto: ConsensusCrypto, verifier: CertVerifier, rules: Ruleset, persist: PersistSafety, chainId: string, genesis: Block, committedWindow: number);
    get self(): number;
    get lastVotedView(): number;
    get highestTimeoutView(): number;
    get lastVote(): VoteMsg | null;
    get lastTimeout(): TimeoutMsg | null;
    get highQc(): QuorumCert;
    /** The record as it would be written now (the last persisted one plus a newer high QC). */
    get record(): SafetyRecord;
    /**
     * Start from the persisted record (null on a fresh store) and the committed chain read from storage
     * (ascending, hash-linked, ending at the committed tip). Throws SafetyRecordError when the record is
     * inconsistent or a certificate or signature in it does not verify.
     */
    recover(record: SafetyRecord | null, committedTail: readonly Block[]): void;
    /** A higher verified QC is kept in memory and written with the next vote or timeout. */
    observeQc(qc: QuorumCert): void;
    /**
     * Vote for `block` in `currentView` (Jolteon safe_to_vote). `withOps` are written in the same synced
     * batch as the safety record (the voted block, so it survives a restart).
     */
    signVote(block: Block, tc: TimeoutCert | null, currentView: number, withOps?: readonly StorageOp[]): VoteMsg | Refusal;
    /** Time out in `view` (Jolteon safe_to_timeout), reporting `highQc` (never lower than the record's). */
    signTimeout(view: number, highQc: QuorumCert, highTc: TimeoutCert | null): TimeoutMsg | Refusal;
    /**
     * Sign our own block as its proposer. Only after this key's vote for exactly this block in its view
     * is durable (signVote), so a restarted leader can never sign a second block for that view.
     */
    signProposal(block: Block, tc: TimeoutCert | null): ProposalMsg | Refusal;
    /**
     * Commit signatures for `path` (ascending, hash-linked, starting right above the chain committed so
     * far), whose last block `proof` shows committed. Refused unless the proof verifies; on success the
     * path becomes the committed chain of this unit.
     */
    signCommit(path: readonly Block[], proof: CommitProof): CommitSigMsg[] | Refusal;
    /** Re-send (deterministically re-sign) the commit signature of a block this unit committed. */
    resignCommit(height: number): CommitSigMsg | Refusal;
    private commitSig;
    private rememberCommitted;
    private update;
}
