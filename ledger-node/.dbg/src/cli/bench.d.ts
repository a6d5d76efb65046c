interface Flags {
    [k: string]: string | boolean | string[];
}
export declare function runBench(f: Flags): Promise<number>;
export {};
