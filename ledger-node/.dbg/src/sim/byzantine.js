function inflate(qc, r) {
    return r.chance(0.5)
        ? { ...qc, view: qc.view + r.int(1, 1000) }
        : { ...qc, signers: [...qc.signers].reverse() };
}
export function mutate(msg, r) {
    switch (msg.kind) {
        case 'proposal': {
            const b = msg.block;
            switch (r.int(0, 3)) {
                case 0:
                    return {
                        ...msg,
                        block: { ...b, header: { ...b.header, view: b.header.view + r.int(1, 50) } },
                    };
                case 1:
                    return { ...msg, block: { ...b, txs: [...b.txs].reverse().concat(b.txs.slice(0, 1)) } };
                case 2:
                    return { ...msg, block: { ...b, justify: inflate(b.justify, r) } };
                default:
                    return {
                        ...msg,
                        tc: {
                            view: b.header.view - 1,
                            signers: [0, 1, 2],
                            highQcViews: [0, 0, 0],
                            sig: r.bytes(96),
                        },
                    };
            }
        }
        case 'vote':
            return r.chance(0.5)
                ? { ...msg, view: msg.view + r.int(1, 100) }
                : { ...msg, blockHash: r.bytes(32) };
        case 'timeout':
            return r.chance(0.5)
                ? {
                    ...msg,
                    highQc: inflate(msg.highQc, r),
                    view: Math.max(msg.view, msg.highQc.view + 1001),
                }
                : { ...msg, view: msg.view + r.int(1, 10_000) };
        case 'commitSig':
            return { ...msg, blockHash: r.bytes(32) };
        case 'syncRequest':
            return { ...msg, committedHeight: r.int(0, 1_000_000), limit: r.int(0, 5000) };
        case 'syncResponse': {
            switch (r.int(0, 2)) {
                case 0:
                    return { ...msg, blocks: [...msg.blocks].reverse() };
                case 1:
                    return {
                        ...msg,
                        certs: msg.blocks.map((b) => ({
                            height: b.header.height,
                            blockHash: b.hash,
                            signers: [0, 1, 2],
                            sig: r.bytes(96),
                        })),
                    };
                default:
                    return {
                        ...msg,
                        highQc: msg.highQc ? inflate(msg.highQc, r) : null,
                        blocks: msg.blocks.slice(1),
                    };
            }
        }
    }
}
//# sourceMappingURL=byzantine.js.map