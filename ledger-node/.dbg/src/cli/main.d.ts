import { type ChildProcess } from 'node:child_process';
import { type Genesis } from '../node/genesis.js';
import { type LeaderElection } from '../consensus/election.js';
export declare const BIN_PATH: string;
type Flags = {
    _: string[];
    [k: string]: string | boolean | string[];
};
export declare function parseFlags(argv: string[]): Flags;
export interface InitOptions {
    replicas: number;
    dir: string;
    basePort: number;
    app: 'kv' | 'pb';
    host: string;
    consensus?: Record<string, number>;
    /** Written to genesis only when given (absent = reputation). */
    leaderElection?: LeaderElection;
}
export declare function initCluster(o: InitOptions): Genesis;
export declare function spawnReplica(configPath: string, extraEnv?: Record<string, string>, stdio?: 'pipe' | 'inherit'): ChildProcess;
export declare function main(argv: string[]): Promise<number>;
export {};
