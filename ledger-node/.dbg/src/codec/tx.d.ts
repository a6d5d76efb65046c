export declare function txHash(txBytes: Uint8Array): string;
export interface TxOuter {
    readonly kind: string;
    readonly payload: readonly unknown[];
}
/** Decodes the outer form; throws CodecError if it is not `[1, kind, …]`. */
export declare function decodeTxOuter(txBytes: Uint8Array): TxOuter;
