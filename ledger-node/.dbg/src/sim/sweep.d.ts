import { type SimOptions, type SimResult } from './simulator.js';
export type SweepOptions = Omit<SimOptions, 'seed'>;
export declare function runSeedsInline(seeds: readonly number[], opts: SweepOptions): Promise<SimResult[]>;
export declare function runSeedsParallel(seeds: readonly number[], opts: SweepOptions, jobs: number, onResult?: (r: SimResult) => void): Promise<SimResult[]>;
