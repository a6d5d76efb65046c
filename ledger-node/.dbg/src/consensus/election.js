/**
 * Leader election (proposer rule), pure and deterministic.
 *
 * `round-robin`: leader(v) = v mod n.
 *
 * `reputation` (DiemBFT v4 / Aptos LeaderReputation style, simplified to an active set): the leader of
 * view v for a block extending parent P is read from P's own chain, so it is a function of the block
 * alone — every replica that holds P computes the same leader, whatever its committed height:
 *   anchor(v, P)  = the first block on P's chain (P itself, then its ancestors) with view ≤ v − LAG_VIEWS
 *   window        = anchor and its WINDOW_BLOCKS − 1 ancestors
 *   active        = proposers of the window's blocks ∪ signers of their justify QCs (every QC has a quorum
 *                   of signers, so |active| ≥ 2f+1)
 *   leader(v)     = sorted(active)[⌊v / TERM_VIEWS⌋ mod |active|]
 *   fallback      = v mod n while anchor.height < WINDOW_BLOCKS (history too short)
 * A replica that stops voting and proposing drops out of `active` once WINDOW_BLOCKS blocks were certified
 * without it; it returns as soon as its votes appear in a QC of the window.
 *
 * Why terms of two views: with |active| = 2f+1 and f of them dead, single-view terms could leave no three
 * consecutive live leaders, and the two-chain rule needs three (leader(v) proposes, leader(v+1) certifies
 * and extends, leader(v+2) certifies the child ⇒ commit). Between f dead ones there is always a run of ≥ 2
 * live members, i.e. ≥ 4 consecutive live views, so the chain keeps committing and the window moves on.
 *
 * Safety never depends on which replica leads: votes are bounded by the safety rules (one vote per view,
 * the locking rule), so two replicas that disagree on a leader cost at most that view (a timeout).
 */
import { assert } from './assert.js';
export const LEADER_ELECTIONS = ['reputation', 'round-robin'];
/** Blocks whose proposers and voters form the active set. */
export const REPUTATION_WINDOW_BLOCKS = 10;
/** The anchor is the newest block on the extended chain with view ≤ v − LAG_VIEWS. */
export const REPUTATION_LAG_VIEWS = 3;
/** Consecutive views per leader. */
export const REPUTATION_TERM_VIEWS = 2;
/**
 * Committed blocks the core must keep to elect from any block it can extend: at most LAG_VIEWS − 1 blocks
 * between a parent and its anchor (views strictly decrease along a chain), then the window.
 */
export const ELECTION_HISTORY_BLOCKS = REPUTATION_WINDOW_BLOCKS + REPUTATION_LAG_VIEWS;
/**
 * Leader of `view` for a block extending the chain `chain` yields, newest first (the parent, then its
 * ancestors, down to genesis at height 0). Reads at most ELECTION_HISTORY_BLOCKS entries.
 */
export function electLeader(mode, view, n, quorum, chain) {
    // An anchor at height ≥ WINDOW needs view ≥ WINDOW (views rise with height from genesis at view 0).
    if (mode === 'round-robin' || view < REPUTATION_WINDOW_BLOCKS + REPUTATION_LAG_VIEWS)
        return view % n;
    const window = [];
    let skipped = 0;
    let prev = null;
    for (const e of chain) {
        assert(prev === null || (e.height === prev.height - 1 && e.view < prev.view), 'election: chain entries descend one height at a time with falling views');
        prev = e;
        if (window.length === 0) {
            if (e.view > view - REPUTATION_LAG_VIEWS) {
                skipped++;
                assert(skipped < REPUTATION_LAG_VIEWS, 'election: fewer than LAG_VIEWS blocks above the anchor');
                continue;
            }
            if (e.height < REPUTATION_WINDOW_BLOCKS)
                return view % n; // history too short
        }
        window.push(e);
        if (window.length === REPUTATION_WINDOW_BLOCKS)
            break;
    }
    // The anchor is at height ≥ WINDOW, so a short window means the caller's history lacks blocks.
    assert(window.length === REPUTATION_WINDOW_BLOCKS, `election: window has ${window.length} of ${REPUTATION_WINDOW_BLOCKS} blocks (history retention)`);
    const active = new Set();
    for (const e of window) {
        active.add(e.proposer);
        for (const s of e.voters)
            active.add(s);
    }
    const members = [...active].sort((a, b) => a - b);
    assert(members.length >= quorum && members.every((m) => Number.isInteger(m) && m >= 0 && m < n), `election: active set ${members.join(',')} is a quorum of replica indices`);
    return members[Math.floor(view / REPUTATION_TERM_VIEWS) % members.length];
}
//# sourceMappingURL=election.js.map