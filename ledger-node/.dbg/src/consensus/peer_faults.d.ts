/**
 * Peer input the core dropped because it was wrong — not merely late or repeated — counted per peer
 * and reason. The node exposes it at `/metrics` (`ledger_peer_drops_total{peer,reason}`); a replica
 * that keeps adding to these counters is faulty or misconfigured.
 */
export type DropReason = 
/** The message names another replica than the authenticated link it came on. */
'sender_mismatch'
/** A signature over the message does not verify under the sender's genesis key. */
 | 'bad_signature'
/** A quorum or timeout certificate (or commit certificate) carried by the message does not verify. */
 | 'bad_certificate'
/** The block does not hash to its header, is inconsistent, or belongs to another chain. */
 | 'bad_block'
/** A vote whose height or view is not that of the block it names. */
 | 'wrong_height'
/** A proposal whose proposer is not the leader of its view on the chain it extends. */
 | 'wrong_proposer'
/** A proposal whose view is not justified by its own QC or TC (view = certificate view + 1). */
 | 'unjustified_view'
/** A vote, commit signature or proposal too far ahead of this replica's view or committed height. */
 | 'out_of_window'
/** A second, different vote/timeout/proposal/commit signature by the same author for the same slot. */
 | 'equivocation'
/** A block the core refused to execute (bad txs, stateRoot mismatch, timestamp, …). */
 | 'rejected_block';
export interface PeerDropCount {
    readonly peer: number;
    readonly reason: DropReason;
    readonly count: number;
}
export declare class PeerFaults {
    private readonly counts;
    record(peer: number, reason: DropReason): void;
    count(peer: number, reason: DropReason): number;
    /** Drops by `peer` over all reasons. */
    total(peer: number): number;
    /** Every non-zero counter, ordered by peer then reason. */
    entries(): PeerDropCount[];
}
