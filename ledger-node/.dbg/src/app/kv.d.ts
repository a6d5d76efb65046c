/**
 * The `kv` app: a tiny key-value state machine for consensus tests and benchmarks.
 *
 *   tx    = CBOR([1, "kv", key (tstr, 1..KV_KEY_BYTES_MAX UTF-8 bytes), value (bstr ≤ KV_VALUE_BYTES_MAX)])
 *           and the bytes must be the canonical encoding of that array
 *   state = map key → value; a tx sets key := value
 *   result per tx = CBOR([key, H(value)])
 *   stateRoot = H("civic-budget/kv/state/v1" ‖ 0x00 ‖ parentStateRoot ‖ H(CBOR([result…])))
 *
 * States are overlays: {parent, writes}. Reads walk up to the first committed overlay, then read the
 * committed base map (which always equals the state of the latest committed block).
 */
import type { Hash, StorageOp } from '../consensus/types.js';
import type { App, BlockContext, BlockExecution, TxCheck } from './app.js';
export declare const KV_KEY_BYTES_MAX = 256;
export declare const KV_VALUE_BYTES_MAX = 4096;
export interface KvState {
    readonly parent: KvState | null;
    readonly writes: ReadonlyMap<string, Uint8Array>;
    readonly height: number;
    committed: boolean;
}
export declare function encodeKvTx(key: string, value: Uint8Array): Uint8Array;
type KvDecoded = {
    key: string;
    value: Uint8Array;
} | {
    error: string;
};
export declare function decodeKvTx(tx: Uint8Array): KvDecoded;
/** The full decoder (generic CBOR decode + canonical re-encoding check); exported for tests. */
export declare function decodeKvTxUncached(tx: Uint8Array): KvDecoded;
/** = encodeCbor([key, valueHash]) (canonical CBOR is compositional), without the generic encoder. */
export declare function encodeKvResult(key: string, valueHash: Uint8Array): Uint8Array;
/** = encodeCbor(items) for an array of byte strings. */
export declare function encodeBstrArray(items: readonly Uint8Array[]): Uint8Array;
export declare class KvApp implements App<KvState> {
    readonly name = "kv";
    /** The committed state as a flat map (equals the state of the latest committed block). */
    private base;
    private baseHeight;
    checkTx(tx: Uint8Array): TxCheck;
    genesisState(): KvState;
    /** Read `key` in `state` (undefined if absent). */
    get(state: KvState, key: string): Uint8Array | undefined;
    /** The committed value of `key` (what GET /kv/:key returns). */
    getCommitted(key: string): Uint8Array | undefined;
    beginBlock(parentState: KvState, parentStateRoot: Hash, ctx: BlockContext): BlockExecution<KvState>;
    commit(state: KvState): StorageOp[];
    restore(entries: Iterable<readonly [Uint8Array, Uint8Array]>): KvState;
}
export {};
