/** Test helpers: build signed blocks, QCs, TCs and drive single replicas by hand. */
import { KvApp } from '../../src/app/kv.js';
import { type ConsensusConfig } from '../../src/consensus/config.js';
import { FakeCrypto } from '../../src/consensus/crypto.js';
import { Replica } from '../../src/consensus/replica.js';
import type { Action, Block, ProposalMsg, QuorumCert, TimeoutCert, TimeoutMsg, VoteMsg } from '../../src/consensus/types.js';
import { MemoryStorage } from '../../src/storage/memory.js';
export declare const CHAIN = "test-chain";
export declare const N = 4;
export declare const GENESIS: Block;
export declare const GQC: QuorumCert;
export declare const key: (i: number) => FakeCrypto;
export declare function tx(k: string, v?: number): Uint8Array;
/** kv stateRoot of a block with `txs` on top of a parent with `parentRoot` (kv roots are a hash chain). */
export declare function kvRoot(parentRoot: Uint8Array, height: number, txs: readonly Uint8Array[]): Uint8Array;
export declare function mkBlock(view: number, parent: Block, parentQc: QuorumCert, txs?: Uint8Array[], proposer?: number): Block;
export declare function mkQc(b: Block, signers?: number[]): QuorumCert;
export declare function mkTc(view: number, signers: number[], highQcViews: number[]): TimeoutCert;
export declare function proposal(b: Block, tc?: TimeoutCert | null): ProposalMsg;
export declare function timeoutMsg(view: number, sender: number, highQc: QuorumCert, lastTc?: TimeoutCert | null): TimeoutMsg;
export interface Harness {
    replica: Replica;
    storage: MemoryStorage;
    app: KvApp;
}
export declare function boot(index: number, storage?: MemoryStorage, cfg?: Partial<ConsensusConfig>, nowMs?: number): Promise<{
    h: Harness;
    actions: Action[];
}>;
/** Execute persists against the harness storage (like a node would). */
export declare function apply(h: Harness, actions: Action[]): Action[];
export declare function deliver(h: Harness, from: number, msg: Parameters<Replica['onMessage']>[1], now?: number): Action[];
export declare function sentVotes(actions: Action[]): VoteMsg[];
export declare function sentKinds(actions: Action[], kind: string): Action[];
