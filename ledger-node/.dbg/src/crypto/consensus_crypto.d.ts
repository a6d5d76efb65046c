import type { ConsensusCrypto } from '../consensus/crypto.js';
import { type BlsBackend } from './bls.js';
export declare class BlsConsensusCrypto implements ConsensusCrypto {
    readonly selfIndex: number;
    private readonly secretKey;
    private readonly publicKeys;
    private readonly backend;
    /** Verification count and total milliseconds (metrics). */
    readonly stats: {
        verifies: number;
        verifyMsTotal: number;
        signs: number;
    };
    constructor(selfIndex: number, secretKey: Uint8Array, publicKeys: readonly Uint8Array[], backend?: BlsBackend);
    sign(message: Uint8Array): Uint8Array;
    private timed;
    private pk;
    verify(signerIndex: number, message: Uint8Array, sig: Uint8Array): boolean;
    aggregate(sigs: readonly Uint8Array[]): Uint8Array;
    private distinctKeys;
    verifyAggregate(signerIndices: readonly number[], message: Uint8Array, aggSig: Uint8Array): boolean;
    verifyAggregateMulti(signerIndices: readonly number[], messages: readonly Uint8Array[], aggSig: Uint8Array): boolean;
}
