import type { Hash, StorageOp } from '../../consensus/types.js';
import type { App, BlockContext, BlockExecution, TxCheck } from '../app.js';
import { type Campaign, type Choice } from './codec.js';
export interface Tally {
    /** Every counted ballot: online ballots plus paper sheets. */
    ballots: number;
    paperBallots: number;
    projects: Map<number, {
        votes: number;
        points: number;
    }>;
    pots: Map<number, number>;
}
/** The last published `credentials-issued` record of a campaign. */
export interface Issued {
    asOfMs: number;
    total: number;
    communities: Map<number, number>;
}
interface CampaignEntry {
    campaign: Campaign;
    bytes: Uint8Array;
    projectById: Map<number, {
        cost: number;
        potId: number;
    }>;
}
export interface PbState {
    parent: PbState | null;
    height: number;
    committed: boolean;
    campaigns: Map<number, CampaignEntry>;
    voters: Map<string, Uint8Array>;
    tallies: Map<number, Tally>;
    issued: Map<number, Issued>;
    batches: Map<string, Uint8Array>;
}
/**
 * Rule checks of one ballot (or paper sheet) against its campaign, with the protocol package's
 * `checkChoices` (the rules the voting page and the app check, one implementation); returns the first
 * violation as a reason, or null. An empty ballot is refused here: nobody casts one.
 */
export declare function checkBallotRules(entry: CampaignEntry, ballot: {
    readonly choices: readonly Choice[];
}): string | null;
export interface PbAppOptions {
    /** Ed25519 public keys (32 bytes) allowed to register campaigns, sign records, approve paper batches. */
    admins: Uint8Array[];
}
export declare class PbApp implements App<PbState> {
    readonly name = "pb";
    private base;
    private readonly admins;
    private readonly sigOk;
    private readonly credOk;
    private readonly decoded;
    /** Last failure reason by txHash (for the HTTP API's "rejected" status; not part of consensus). */
    readonly failures: Map<string, string>;
    readonly stats: {
        credentialVerifies: number;
        signatureVerifies: number;
        verifyMsTotal: number;
    };
    constructor(opts: PbAppOptions);
    private emptyBase;
    private read;
    campaign(state: PbState | null, id: number): CampaignEntry | undefined;
    /** Committed tallies of a campaign (HTTP/API use). */
    committedTally(id: number): Tally | undefined;
    committedHeight(): number;
    /** Committed credentials-issued totals of a campaign (HTTP/API use). */
    committedIssued(id: number): Issued | undefined;
    private decode;
    checkTx(tx: Uint8Array): TxCheck;
    private signaturesValid;
    private fail;
    /**
     * Verifies the credentials of many ballot txs at once (randomized batch verification) and caches the
     * verdicts, so later deliverTx calls cost nothing. Called by the node before admission and before a
     * proposal reaches the core. Never changes a verdict, only when it is computed.
     */
    prevalidate(txs: readonly Uint8Array[], state?: PbState | null): void;
    /** Non-consensus admission pre-check against the committed state (gives early, precise answers). */
    precheck(tx: Uint8Array, nowMs: number): string | null;
    private credentialValid;
    /** The first sheet that breaks the ballot rules, as a reason naming the sheet; null when all pass. */
    private sheetsViolation;
    genesisState(): PbState;
    beginBlock(parentState: PbState, parentStateRoot: Hash, ctx: BlockContext): BlockExecution<PbState>;
    commit(state: PbState): StorageOp[];
    restore(entries: Iterable<readonly [Uint8Array, Uint8Array]>): PbState;
}
export {};
