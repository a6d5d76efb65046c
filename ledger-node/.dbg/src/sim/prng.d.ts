/** Seeded PRNG for the simulator (sfc32 seeded through splitmix32). Never Math.random. */
export declare class Prng {
    private a;
    private b;
    private c;
    private d;
    constructor(seed: number);
    u32(): number;
    /** Uniform in [0, 1). */
    float(): number;
    /** Uniform integer in [lo, hi]. */
    int(lo: number, hi: number): number;
    chance(p: number): boolean;
    pick<T>(xs: readonly T[]): T;
    shuffle<T>(xs: T[]): T[];
    bytes(n: number): Uint8Array;
}
