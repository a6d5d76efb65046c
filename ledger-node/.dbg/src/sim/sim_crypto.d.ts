/**
 * Signature schemes for simulated replicas: the fast HMAC `FakeCrypto` in most seeds, and the node's
 * own BLS12-381 backend (`crypto/bls.ts`: blst, or noble where blst is missing) in a share of seeds,
 * so its encodings, aggregation and throwing decoders meet the adversary too.
 */
import { type ConsensusCrypto } from '../consensus/crypto.js';
export declare function simCrypto(index: number, n: number, realBls: boolean): ConsensusCrypto;
