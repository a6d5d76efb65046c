export class PeerFaults {
    counts = new Map();
    record(peer, reason) {
        let byReason = this.counts.get(peer);
        if (byReason === undefined) {
            byReason = new Map();
            this.counts.set(peer, byReason);
        }
        byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    }
    count(peer, reason) {
        return this.counts.get(peer)?.get(reason) ?? 0;
    }
    /** Drops by `peer` over all reasons. */
    total(peer) {
        let sum = 0;
        for (const c of this.counts.get(peer)?.values() ?? [])
            sum += c;
        return sum;
    }
    /** Every non-zero counter, ordered by peer then reason. */
    entries() {
        const out = [];
        for (const [peer, byReason] of this.counts)
            for (const [reason, count] of byReason)
                out.push({ peer, reason, count });
        return out.sort((a, b) => a.peer - b.peer || a.reason.localeCompare(b.reason));
    }
}
//# sourceMappingURL=peer_faults.js.map