/**
 * Known-bad variants of the consensus core for `ledger-node mutants` (cli/mutants.ts). Each patches the
 * COMPILED files under dist/src (no tsc per mutant): every `find` must occur exactly once, so a
 * refactor that moves the code fails the suite loudly instead of silently testing nothing. `args` are
 * the simulator flags (seeds, faults, adversaries) that must find a violation in it.
 */
export interface Patch {
    /** Path under dist/src. */
    readonly file: string;
    readonly find: string;
    readonly replace: string;
}
export interface Mutant {
    readonly name: string;
    /** The defence the mutant removes. */
    readonly removes: string;
    readonly patches: readonly Patch[];
    readonly args: readonly string[];
}
export declare const MUTANTS: readonly Mutant[];
