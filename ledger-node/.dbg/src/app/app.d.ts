/**
 * Application interface: the deterministic state machine replicated by the ledger (`kv` in app/kv.ts,
 * `pb` by the platform engineer).
 *
 * Execution model (every committed tx passed validation):
 *  - `checkTx(tx)`: stateless checks (shape, signatures); used at mempool admission. Must be deterministic.
 *  - A block is executed with `beginBlock(parentState, parentStateRoot, ctx)` then `deliverTx` per tx and
 *    `finish()`. States are immutable snapshots: executing a child never changes `parentState`
 *    (speculative overlays — several uncommitted branches may be executed concurrently).
 *  - The leader delivers mempool txs one by one and keeps only those that return `ok: true` (a rejected
 *    tx leaves the state unchanged). Voters re-execute the proposed block and refuse to vote if any tx
 *    fails or the resulting stateRoot differs from the header's.
 *  - `commit(state)` is called once per committed block in height order with that block's state; it
 *    returns the storage ops (`putApp`) that move the persisted state from the parent's to this state.
 *    After it, the state of the committed parent may no longer be used to execute new blocks.
 *  - `restore(entries, …)` rebuilds the committed state from Storage.appEntries() after a restart.
 *
 * stateRoot: app-defined 32-byte commitment. The kv app uses the hash chain
 *   stateRoot = H("civic-budget/kv/state/v1" ‖ 0x00 ‖ parentStateRoot ‖ H(CBOR([result…])))
 * (genesis stateRoot = 32 zero bytes). Since execution is deterministic, any divergence in execution
 * results changes every later root, and voters refuse blocks whose root they cannot reproduce.
 */
import type { Hash, StorageOp } from '../consensus/types.js';
export interface BlockContext {
    readonly chainId: string;
    readonly height: number;
    readonly timestampMs: number;
}
export type TxCheck = {
    readonly ok: true;
} | {
    readonly ok: false;
    readonly reason: string;
};
export type TxOutcome = {
    readonly ok: true;
    readonly result: Uint8Array;
} | {
    readonly ok: false;
    readonly reason: string;
};
export interface BlockExecution<S> {
    deliverTx(tx: Uint8Array): TxOutcome;
    finish(): {
        readonly state: S;
        readonly stateRoot: Hash;
        readonly results: readonly Uint8Array[];
    };
}
export interface App<S = unknown> {
    readonly name: string;
    /** Stateless validity (shape, signatures, size). */
    checkTx(tx: Uint8Array): TxCheck;
    /**
     * Optional: verify what a whole block's txs can share (pb: one randomized batch check of the ballot
     * credentials) ahead of executing it. A cache only — never changes a verdict. The core calls it only
     * for a block whose sender, signature and certificate already verified (issue #12, item 7).
     */
    prevalidate?(txs: readonly Uint8Array[]): void;
    /** State of an empty ledger (at genesis). */
    genesisState(): S;
    beginBlock(parentState: S, parentStateRoot: Hash, ctx: BlockContext): BlockExecution<S>;
    /** Storage ops persisting `state` (the state of the newly committed block) on top of its parent's. */
    commit(state: S): StorageOp[];
    /** Rebuild the committed state from persisted app entries (ascending key order). */
    restore(entries: Iterable<readonly [Uint8Array, Uint8Array]>): S;
}
