import { toHex } from '../crypto/hash.js';
import { type LeaderElection } from '../consensus/election.js';
export interface GenesisReplica {
    index: number;
    publicKey: string;
    pop: string;
    address: string;
}
export interface Genesis {
    chainId: string;
    replicas: GenesisReplica[];
    quorum: number;
    app?: 'kv' | 'pb';
    admins?: string[];
    leaderElection?: LeaderElection;
}
export interface ReplicaConfig {
    index: number;
    genesis: string;
    secretKeyFile: string;
    dataDir: string;
    listen: {
        host: string;
        port: number;
    };
    http: {
        host: string;
        port: number;
    };
    httpBodyBytesMax?: number;
    consensus?: Record<string, number>;
}
export declare class ConfigError extends Error {
}
export declare function parseGenesis(text: string, checkPops?: boolean): Genesis;
/** SHA-256 over the canonical CBOR of every consensus-relevant genesis field (the storage manifest uses it). */
export declare function verifyGenesisPops(g: Genesis): void;
export declare function genesisChecksum(g: Genesis): Uint8Array;
export declare function genesisPublicKeys(g: Genesis): Uint8Array[];
export interface LoadedConfig {
    configPath: string;
    dir: string;
    config: ReplicaConfig;
    genesisText: string;
    genesis: Genesis;
    secretKey: Uint8Array;
    dataDir: string;
}
export declare function loadReplicaConfig(configPath: string): LoadedConfig;
export { toHex };
