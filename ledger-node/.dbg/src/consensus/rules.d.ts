/**
 * The protocol's rules as small pure functions (relab/hotstuff "ruleset" style), composed by Replica.
 * Tests may substitute alternatives (e.g. a Byzantine vote rule) through `Ruleset`.
 *
 *   vote rule      (Jolteon safe_to_vote)    vote for block B in view v iff v is the current view,
 *                  v > every view already signed, and B.justify.view + 1 == v, or a TC of v-1 is given
 *                  and B.justify.view ≥ max(TC.highQcViews)
 *   timeout rule   (Jolteon safe_to_timeout) time out in v iff v > every view already timed out in,
 *                  v ≥ lastVotedView, and v == highQc.view + 1 or v == highTc.view + 1
 *   commit rule    (two-chain)               QC(B1) with B1.parent = B0 and B1.view == B0.view + 1 commits B0
 *   proposer rule                            election.ts (leader reputation or round robin)
 */
import type { TimeoutCert } from './types.js';
export interface VoteRuleInput {
    readonly blockView: number;
    readonly justifyView: number;
    readonly tc: TimeoutCert | null;
    readonly currentView: number;
    readonly lastVotedView: number;
    readonly highestTimeoutView: number;
}
export interface TimeoutRuleInput {
    readonly view: number;
    readonly highQcView: number;
    readonly highTcView: number | null;
    readonly lastVotedView: number;
    readonly highestTimeoutView: number;
}
export interface Ruleset {
    safeToVote(x: VoteRuleInput): boolean;
    safeToTimeout(x: TimeoutRuleInput): boolean;
    /** Given the views of a certified block B1 and its parent B0: does QC(B1) commit B0? */
    commits(parentView: number, certifiedView: number): boolean;
}
export declare const jolteonRules: Ruleset;
