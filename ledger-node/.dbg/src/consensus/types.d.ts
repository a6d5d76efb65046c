/**
 * Data types of the ledger-node consensus core (two-chain Jolteon / DiemBFT-v4).
 *
 * Everything here is plain data: no methods, no I/O. Byte strings are Uint8Array; hashes are 32 bytes.
 * Views ("rounds" in Jolteon) and heights are non-negative safe integers. Replica indices are 0..n-1.
 * Wire encodings of every type live in `src/codec/` (CBOR arrays, protocol.md).
 */
export type Hash = Uint8Array;
/** protocol.md: `header = [1, chainId, height, view, parentHash, justifyQcHash, txRoot, txCount, stateRoot, timestampMs, proposer]` */
export interface BlockHeader {
    readonly version: 1;
    readonly chainId: string;
    readonly height: number;
    readonly view: number;
    readonly parentHash: Hash;
    /** H(CBOR(justify QC)) — see codec/block.ts `qcHash`. */
    readonly justifyQcHash: Hash;
    /** RFC 9162 Merkle root of the tx bytes. */
    readonly txRoot: Hash;
    readonly txCount: number;
    /** App-defined state commitment after executing this block (see app/app.ts). */
    readonly stateRoot: Hash;
    readonly timestampMs: number;
    readonly proposer: number;
}
/**
 * Quorum certificate: ≥ 2f+1 replicas voted for `blockHash` in `view`.
 * Vote signing message: `"civic-budget/vote/v1" ‖ 0x00 ‖ CBOR([height, view, blockHash])` (codec/signing.ts).
 * The genesis QC has view 0, no signers and an empty signature; it is accepted without verification.
 */
export interface QuorumCert {
    readonly view: number;
    readonly height: number;
    readonly blockHash: Hash;
    /** Sorted ascending, distinct. */
    readonly signers: readonly number[];
    readonly sig: Uint8Array;
}
/** A full block: header + tx bytes + the QC its header's justifyQcHash commits to. */
export interface Block {
    readonly header: BlockHeader;
    readonly txs: readonly Uint8Array[];
    readonly justify: QuorumCert;
    /** H(CBOR(header)); always equal to codec `blockHash(header)` (asserted when blocks enter the core). */
    readonly hash: Hash;
}
/**
 * Timeout certificate for `view`: ≥ 2f+1 replicas timed out in `view`. Signer i signed
 * `"civic-budget/timeout/v1" ‖ 0x00 ‖ CBOR([chainId, view, highQcViews[i]])`; `sig` aggregates these
 * distinct messages (verified with ConsensusCrypto.verifyAggregateMulti).
 */
export interface TimeoutCert {
    readonly view: number;
    readonly signers: readonly number[];
    readonly highQcViews: readonly number[];
    readonly sig: Uint8Array;
}
/**
 * Commit certificate (protocol.md): ≥ quorum replicas signed `"civic-budget/commit/v1" ‖ 0x00 ‖ blockHash`.
 * Honest replicas sign only blocks they have committed locally, so a certificate proves commitment.
 */
export interface CommitCert {
    readonly height: number;
    readonly blockHash: Hash;
    readonly signers: readonly number[];
    readonly sig: Uint8Array;
}
/** Leader's proposal. `sig` = proposer's signature over `"civic-budget/proposal/v1" ‖ 0x00 ‖ blockHash`. */
export interface ProposalMsg {
    readonly kind: 'proposal';
    readonly block: Block;
    /** Present when the block's view was entered through a TC (block.justify.view + 1 < block.view). */
    readonly tc: TimeoutCert | null;
    readonly sig: Uint8Array;
}
export interface VoteMsg {
    readonly kind: 'vote';
    readonly view: number;
    readonly height: number;
    readonly blockHash: Hash;
    readonly voter: number;
    readonly sig: Uint8Array;
}
export interface TimeoutMsg {
    readonly kind: 'timeout';
    readonly view: number;
    readonly sender: number;
    /** Sender's highest QC; the signature covers highQc.view. */
    readonly highQc: QuorumCert;
    /** TC of view-1 if the sender entered `view` through it (lets lagging peers follow). */
    readonly lastTc: TimeoutCert | null;
    readonly sig: Uint8Array;
}
export interface CommitSigMsg {
    readonly kind: 'commitSig';
    readonly height: number;
    readonly blockHash: Hash;
    readonly signer: number;
    readonly sig: Uint8Array;
}
/**
 * Catch-up request. The responder sends its chain after `tipHash` if it knows that block on its chain,
 * otherwise its committed blocks from `committedHeight + 1`.
 */
export interface SyncRequestMsg {
    readonly kind: 'syncRequest';
    readonly committedHeight: number;
    readonly tipHeight: number;
    readonly tipHash: Hash;
    readonly limit: number;
}
/**
 * Catch-up response: contiguous blocks in ascending height (each the parent of the next), any commit
 * certificates the responder has for them, and its high QC / last TC so the requester can join the view.
 */
export interface SyncResponseMsg {
    readonly kind: 'syncResponse';
    readonly blocks: readonly Block[];
    readonly certs: readonly CommitCert[];
    readonly highQc: QuorumCert | null;
    readonly highTc: TimeoutCert | null;
}
export type ConsensusMsg = ProposalMsg | VoteMsg | TimeoutMsg | CommitSigMsg | SyncRequestMsg | SyncResponseMsg;
/**
 * The durable safety record (Aptos `SafetyData` analogue). Written with `sync: true` in one batch BEFORE
 * any vote or timeout that depends on it leaves the process.
 */
export interface SafetyRecord {
    /** Highest view in which this key voted or timed out; never decreases (also across restarts). */
    readonly lastVotedView: number;
    /** Highest QC observed when the record was written ("one-chain round"); timeouts never report lower. */
    readonly highQc: QuorumCert;
    /** Highest view this key signed a timeout for. */
    readonly highestTimeoutView: number;
    /** The last vote signed (re-sent verbatim after a restart, never re-signed). */
    readonly lastVote: VoteMsg | null;
    /** The last timeout signed (re-sent verbatim after a restart). */
    readonly lastTimeout: TimeoutMsg | null;
}
/** What the node loads from Storage on start-up and hands to `Replica.onRecovered` (see storage/load.ts). */
export interface PersistedState {
    readonly safety: SafetyRecord | null;
    /** Committed chain tail in ascending height, ending with the committed tip (genesis if empty). */
    readonly committedTail: readonly Block[];
    /** Commit certificates known for blocks in committedTail (any subset). */
    readonly certs: readonly CommitCert[];
    /** Persisted (possibly uncommitted) blocks above the committed tip, any order; may be empty. */
    readonly pendingBlocks: readonly Block[];
    /** App state at the committed tip (from App.restore). Opaque to the core. */
    readonly appState: unknown;
}
export type Event = {
    readonly kind: 'recovered';
    readonly nowMs: number;
    readonly persisted: PersistedState;
} | {
    readonly kind: 'tick';
    readonly nowMs: number;
} | {
    readonly kind: 'message';
    readonly nowMs: number;
    readonly from: number;
    readonly msg: ConsensusMsg;
} | {
    readonly kind: 'clientTxs';
    readonly nowMs: number;
    readonly txs: readonly Uint8Array[];
};
export type StorageOp = {
    readonly kind: 'putBlock';
    readonly block: Block;
} | {
    readonly kind: 'deleteBlock';
    readonly hash: Hash;
}
/** Height index of the committed chain (height → block hash) and the committed-tip pointer. */
 | {
    readonly kind: 'putCommitted';
    readonly height: number;
    readonly hash: Hash;
}
/** Tx index: txHash (hex) → (height, position in block). */
 | {
    readonly kind: 'putTx';
    readonly txHash: string;
    readonly height: number;
    readonly position: number;
} | {
    readonly kind: 'putCommitCert';
    readonly cert: CommitCert;
} | {
    readonly kind: 'putSafety';
    readonly record: SafetyRecord;
}
/** App state entries (namespace owned by the app); value null deletes. */
 | {
    readonly kind: 'putApp';
    readonly key: Uint8Array;
    readonly value: Uint8Array | null;
};
/** One atomic write batch. `sync: true` ⇒ durable (fsync'd WAL) when the write resolves. */
export interface WriteBatch {
    readonly ops: readonly StorageOp[];
    readonly sync: boolean;
}
export interface CommittedBlock {
    readonly block: Block;
    /** App per-tx results (opaque bytes, app-defined), same order as block.txs. */
    readonly results: readonly Uint8Array[];
}
export type TxAdmission = {
    readonly txHash: string;
    readonly accepted: true;
} | {
    readonly txHash: string;
    readonly accepted: false;
    readonly reason: string;
};
/**
 * Actions are executed by the node strictly in list order. A `persist` must be complete (durable if
 * `sync`) before any later action of the same list is executed.
 */
export type Action = {
    readonly kind: 'send';
    readonly to: number | 'all';
    readonly msg: ConsensusMsg;
} | {
    readonly kind: 'persist';
    readonly batch: WriteBatch;
}
/** Blocks newly committed locally, ascending height; their storage writes were in an earlier persist. */
 | {
    readonly kind: 'commit';
    readonly blocks: readonly CommittedBlock[];
}
/** A commit certificate was formed/verified and persisted: its block's txs are acknowledged. */
 | {
    readonly kind: 'certified';
    readonly cert: CommitCert;
}
/** Ask the node to call `onEvent({kind:'tick'})` at (or after) `atMs`. Only the latest matters. */
 | {
    readonly kind: 'setTimer';
    readonly atMs: number;
}
/**
 * The core's in-memory window does not reach back to `req`: the node answers `to` from Storage with
 * `buildSyncResponseFromStorage` (consensus/sync.ts) and sends the result.
 */
 | {
    readonly kind: 'serveSyncFromStorage';
    readonly to: number;
    readonly req: SyncRequestMsg;
}
/** Result of mempool admission for each tx of a `clientTxs` event, in order. */
 | {
    readonly kind: 'txAdmission';
    readonly results: readonly TxAdmission[];
}
/** Evidence of > f faulty replicas or a local bug (conflicting certificate, …). Never expected. */
 | {
    readonly kind: 'alarm';
    readonly reason: string;
};
