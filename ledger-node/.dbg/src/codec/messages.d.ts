/**
 * Consensus message encodings (what the network layer frames) and the safety-record encoding (what
 * Storage persists). Each message is `CBOR([1, type, …fields])`; absent optional fields are CBOR null.
 *
 *   proposal     [1, 1, block, tc|null, sig]
 *   vote         [1, 2, view, height, blockHash, voter, sig]
 *   timeout      [1, 3, view, sender, highQc, lastTc|null, sig]
 *   commitSig    [1, 4, height, blockHash, signer, sig]
 *   syncRequest  [1, 5, committedHeight, tipHeight, tipHash, limit]
 *   syncResponse [1, 6, [block…], [commitCert…], highQc|null, highTc|null]
 *   safetyRecord [1, lastVotedView, highQc, highestTimeoutView, vote|null, timeout|null]
 *
 * Decoding validates shape and field ranges and throws CodecError; it does NOT verify signatures (the
 * core does that, with the injected ConsensusCrypto).
 */
import type { ConsensusMsg, SafetyRecord } from '../consensus/types.js';
import { type CborValue } from './cbor.js';
export declare const SYNC_BLOCKS_DECODE_MAX = 1024;
export declare function msgToCbor(m: ConsensusMsg): CborValue;
/**
 * Byte-identical to `encodeCbor(msgToCbor(m))`; messages that carry blocks splice in the blocks'
 * memoized encodings (canonical CBOR is compositional) instead of re-encoding thousands of txs.
 */
export declare function encodeMsg(m: ConsensusMsg): Uint8Array;
export declare function msgFromCbor(v: unknown): ConsensusMsg;
export declare function decodeMsg(bytes: Uint8Array): ConsensusMsg;
export declare function encodeSafetyRecord(r: SafetyRecord): Uint8Array;
export declare function decodeSafetyRecord(bytes: Uint8Array): SafetyRecord;
