export declare class CodecError extends Error {
    constructor(message: string);
}
export type CborValue = number | string | boolean | null | Uint8Array | CborValue[];
export declare function encodeCbor(value: CborValue): Uint8Array;
export declare function decodeCbor(bytes: Uint8Array): unknown;
export declare function asArray(v: unknown, what: string, len?: number): unknown[];
export declare function asUint(v: unknown, what: string, max?: number): number;
export declare function asBytes(v: unknown, what: string, len?: number, maxLen?: number): Uint8Array;
export declare function asText(v: unknown, what: string, maxLen?: number): string;
export declare function asUintList(v: unknown, what: string, maxItems: number): number[];
