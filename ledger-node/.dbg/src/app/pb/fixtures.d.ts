import { type Campaign, type Choice, type PaperBatch, type RecordPayload } from './codec.js';
export interface Admin {
    seed: Uint8Array;
    publicKey: Uint8Array;
}
export declare function makeAdmin(seed?: Uint8Array): Admin;
export declare function makeRegistrar(seed?: Uint8Array): {
    sk: Uint8Array;
    pk: Uint8Array;
};
export declare function demoCampaign(id: number, registrarPk: Uint8Array, opensAtMs?: number, closesAtMs?: number): Campaign;
export declare function campaignTx(admin: Admin, c: Campaign): Uint8Array;
export interface Voter {
    seed: Uint8Array;
    publicKey: Uint8Array;
}
export declare function makeVoter(seed?: Uint8Array): Voter;
/** A ballot tx; `opts.badSignature` / `opts.badCredential` corrupt one signature for negative tests. */
export declare function ballotTx(registrarSk: Uint8Array, campaignId: number, voter: Voter, choices: Choice[], opts?: {
    badSignature?: boolean;
    badCredential?: boolean;
}): {
    tx: Uint8Array;
    ballotBytes: Uint8Array;
};
export declare const DEMO_CHOICES: Choice[];
/** A platform record tx signed by `admin`. */
export declare function recordTx(admin: Admin, record: RecordPayload): Uint8Array;
/** A paper-batch tx signed by `operator` and approved by `admin`. */
export declare function paperBatchTx(admin: Admin, operator: Admin, batch: PaperBatch): Uint8Array;
