import type { ConsensusCrypto } from '../consensus/crypto.js';
import type { ConsensusMsg } from '../consensus/types.js';
import type { Prng } from './prng.js';
export declare const ADVERSARIES: readonly ["equivocate", "stale-qc", "wrong-height", "bad-sig", "far-future", "commit-spam", "vote-flood", "selective", "withhold-qc"];
export type AdversaryName = (typeof ADVERSARIES)[number];
/** `a,b,…` or `all` → names; a string is an error message. */
export declare function parseAdversaries(spec: string): AdversaryName[] | string;
export interface Outgoing {
    readonly to: number | 'all';
    readonly msg: ConsensusMsg;
}
export declare class Adversary {
    private readonly key;
    private readonly n;
    private readonly chainId;
    private readonly rng;
    private readonly on;
    private readonly blocks;
    private readonly qcs;
    /** Timeouts of the latest views (withhold-qc): view → signer → message. */
    private readonly timeouts;
    /** Signatures made by the adversary itself (for metrics in the sim result). */
    injected: number;
    constructor(names: readonly AdversaryName[], key: ConsensusCrypto, n: number, chainId: string, rng: Prng);
    private get quorum();
    get index(): number;
    incoming(msg: ConsensusMsg): Outgoing[];
    outgoing(to: number | 'all', msg: ConsensusMsg): Outgoing[];
    private ownProposal;
    /** An empty block on `qc` for `view`: its state root is computable from the parent's alone. */
    private emptyBlock;
    /** Pools a timeout; at a quorum of signers, a TC handed to all without the QCs behind it. */
    private pool;
    private learn;
    private selective;
    private sign;
    private vote;
    private proposal;
}
