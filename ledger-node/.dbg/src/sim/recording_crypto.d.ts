import type { ConsensusCrypto } from '../consensus/crypto.js';
export type Signed = {
    readonly kind: 'vote';
    readonly view: number;
    readonly height: number;
    readonly hash: string;
} | {
    readonly kind: 'timeout';
    readonly view: number;
};
/** Votes and timeouts (proposals and commit signatures are checked from the messages). */
export declare function parseSigned(message: Uint8Array): Signed | null;
export declare class RecordingCrypto implements ConsensusCrypto {
    private readonly inner;
    private readonly onSign;
    constructor(inner: ConsensusCrypto, onSign: (index: number, message: Uint8Array) => void);
    get selfIndex(): number;
    sign(message: Uint8Array): Uint8Array;
    verify(signerIndex: number, message: Uint8Array, sig: Uint8Array): boolean;
    aggregate(sigs: readonly Uint8Array[]): Uint8Array;
    verifyAggregate(signers: readonly number[], message: Uint8Array, aggSig: Uint8Array): boolean;
    verifyAggregateMulti(signers: readonly number[], messages: readonly Uint8Array[], aggSig: Uint8Array): boolean;
}
