export interface ConsensusCrypto {
    /** Index of the replica whose key `sign` uses. */
    readonly selfIndex: number;
    sign(message: Uint8Array): Uint8Array;
    verify(signerIndex: number, message: Uint8Array, sig: Uint8Array): boolean;
    aggregate(sigs: readonly Uint8Array[]): Uint8Array;
    /** All signers signed the same message. */
    verifyAggregate(signerIndices: readonly number[], message: Uint8Array, aggSig: Uint8Array): boolean;
    /** Signer signerIndices[i] signed messages[i]. */
    verifyAggregateMulti(signerIndices: readonly number[], messages: readonly Uint8Array[], aggSig: Uint8Array): boolean;
}
/**
 * Fake scheme for the simulator: sig = HMAC-SHA256(secret[i], message); aggregate = concatenation in
 * signer order. Every instance knows every secret (it is a simulation); twins are two replicas built
 * with the same `selfIndex`, hence the same secret.
 */
export declare class FakeCrypto implements ConsensusCrypto {
    readonly selfIndex: number;
    private readonly secrets;
    constructor(selfIndex: number, replicaCount: number, seed?: string);
    private mac;
    sign(message: Uint8Array): Uint8Array;
    verify(signerIndex: number, message: Uint8Array, sig: Uint8Array): boolean;
    aggregate(sigs: readonly Uint8Array[]): Uint8Array;
    verifyAggregate(signerIndices: readonly number[], message: Uint8Array, aggSig: Uint8Array): boolean;
    verifyAggregateMulti(signerIndices: readonly number[], messages: readonly Uint8Array[], aggSig: Uint8Array): boolean;
}
