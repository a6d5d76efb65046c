export interface CryptoBound {
    readonly ed25519Us: number;
    readonly credentialUs: number;
    readonly ballotsPerSecond: number;
    readonly cores: number;
}
export declare function measureCryptoBound(txs: readonly Uint8Array[], registrarPk: Uint8Array, replicas: number): CryptoBound;
