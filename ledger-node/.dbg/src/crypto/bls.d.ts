export declare const DST_SIG = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
export declare const DST_POP = "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
export declare const SECRET_KEY_BYTES = 32;
export declare const PUBLIC_KEY_BYTES = 48;
export declare const SIGNATURE_BYTES = 96;
export interface SignatureSet {
    msg: Uint8Array;
    pk: Uint8Array;
    sig: Uint8Array;
}
export interface BlsBackend {
    readonly name: 'blst' | 'noble';
    publicKey(sk: Uint8Array): Uint8Array;
    sign(sk: Uint8Array, msg: Uint8Array): Uint8Array;
    verify(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean;
    aggregateSignatures(sigs: Uint8Array[]): Uint8Array;
    aggregatePublicKeys(pks: Uint8Array[]): Uint8Array;
    /** Same message, many signers (their keys must have proofs of possession). */
    fastAggregateVerify(msg: Uint8Array, pks: Uint8Array[], sig: Uint8Array): boolean;
    /** One aggregate signature over distinct messages, message i signed by the key pks[i]. */
    aggregateVerify(msgs: Uint8Array[], pks: Uint8Array[], sig: Uint8Array): boolean;
    /** Many independent (msg, pk, sig) sets in one randomized check; false if any set is invalid. */
    verifyBatch(sets: SignatureSet[]): boolean;
    /** Validates a public key: on curve, in the subgroup, not the identity. */
    validPublicKey(pk: Uint8Array): boolean;
}
export declare function keygen(ikm: Uint8Array, keyInfo?: Uint8Array): Uint8Array;
export declare const nobleBackend: BlsBackend;
export declare const blstBackend: BlsBackend | null;
/** The backend used by default: blst when it loads, noble otherwise. */
export declare const bls: BlsBackend;
export declare function popProve(sk: Uint8Array): Uint8Array;
export declare function popVerify(pk: Uint8Array, pop: Uint8Array): boolean;
/** Signer indices from a bitmap (bit i of byte i>>3, least significant bit first). */
export declare function bitmapToIndices(bitmap: Uint8Array): number[];
export declare function indicesToBitmap(indices: readonly number[], n: number): Uint8Array;
export type QuorumCheck = {
    ok: true;
} | {
    ok: false;
    reason: string;
};
/**
 * Checks an aggregate signature by `signers` (indices into `publicKeys`) on `msg`: at least `quorum`
 * distinct, in-range signers and a valid aggregate signature.
 */
export declare function verifyQuorum(msg: Uint8Array, signers: readonly number[], signature: Uint8Array, publicKeys: readonly Uint8Array[], quorum: number, backend?: BlsBackend): QuorumCheck;
