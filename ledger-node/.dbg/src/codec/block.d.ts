/**
 * Block, QC, TC and commit-certificate encodings (protocol.md "Ledger transactions and blocks").
 *
 *   header        = [1, chainId, height, view, parentHash, justifyQcHash, txRoot, txCount, stateRoot, timestampMs, proposer]
 *   blockHash     = H(CBOR(header))
 *   qc            = [1, view, height, blockHash, [signer…], aggSig]
 *   justifyQcHash = H(CBOR(qc))   (the exact QC the block carries, signature included)
 *   tc            = [1, view, [signer…], [highQcView…], aggSig]
 *   commitCert    = [1, height, blockHash, [signer…], aggSig]
 *   block         = [1, header, [tx…], qc]   (full block as stored and sent)
 *
 * Genesis: height 0, view 0, parentHash = justifyQcHash = 32 zero bytes, txRoot = H(""), txCount 0,
 * stateRoot = 32 zero bytes, timestampMs 0, proposer 0. Genesis QC: view 0, height 0, no signers, empty sig.
 */
import type { Block, BlockHeader, CommitCert, QuorumCert, TimeoutCert } from '../consensus/types.js';
import { REPLICAS_MAX } from '@civic-budget/protocol/limits';
import { type CborValue } from './cbor.js';
export { REPLICAS_MAX };
export declare const SIG_BYTES_MAX: number;
export declare const BLOCK_TXS_DECODE_MAX = 100000;
export declare const TX_BYTES_DECODE_MAX: number;
export declare function headerToCbor(h: BlockHeader): CborValue;
export declare function encodeHeader(h: BlockHeader): Uint8Array;
export declare function blockHashOf(h: BlockHeader): Uint8Array;
/** The package's header reader (with the replicas' limits); its errors become CodecError here. */
export declare function headerFromCbor(v: unknown): BlockHeader;
export declare function decodeHeader(bytes: Uint8Array): BlockHeader;
export declare function qcToCbor(qc: QuorumCert): CborValue;
export declare function qcFromCbor(v: unknown): QuorumCert;
export declare function qcHash(qc: QuorumCert): Uint8Array;
export declare function tcToCbor(tc: TimeoutCert): CborValue;
export declare function tcFromCbor(v: unknown): TimeoutCert;
export declare function commitCertToCbor(c: CommitCert): CborValue;
export declare function commitCertFromCbor(v: unknown): CommitCert;
export declare function encodeCommitCert(c: CommitCert): Uint8Array;
export declare function decodeCommitCert(bytes: Uint8Array): CommitCert;
export declare function blockToCbor(b: Block): CborValue;
/** Decodes and checks internal consistency (hash, txRoot, txCount, justifyQcHash, parent/QC linkage). */
export declare function blockFromCbor(v: unknown): Block;
export declare function encodeBlock(b: Block): Uint8Array;
export declare function decodeBlock(bytes: Uint8Array): Block;
/**
 * Decode bytes this code base encoded itself (Storage): they are canonical, so they are remembered as
 * the block's encoding and not re-encoded when the block is served to a peer.
 */
export declare function decodeOwnBlock(bytes: Uint8Array): Block;
/** CBOR head of a definite-length array of n items (canonical: shortest form). */
export declare function cborArrayHead(n: number): Uint8Array;
/** Returns null if the header, txs and justify QC agree with each other; else a reason. */
export declare function checkBlockConsistency(header: BlockHeader, txs: readonly Uint8Array[], justify: QuorumCert): string | null;
/** Builds a block object (computes txRoot, justifyQcHash, hash). */
export declare function makeBlock(args: {
    chainId: string;
    view: number;
    parent: QuorumCert;
    txs: readonly Uint8Array[];
    stateRoot: Uint8Array;
    timestampMs: number;
    proposer: number;
}): Block;
/** The genesis header (the protocol package's definition, which the app's projection starts from). */
export declare function genesisHeader(chainId: string): BlockHeader;
/** The genesis block; its `justify` is the genesis QC (which certifies genesis itself). */
export declare function genesisBlock(chainId: string): Block;
export declare function genesisQc(genesisHash: Uint8Array): QuorumCert;
