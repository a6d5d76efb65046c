import { genesisBlock } from '../codec/block.js';
import { bytesEqual, toHex } from '../crypto/hash.js';
export const RECOVERY_TAIL_BLOCKS = 256;
export const RECOVERY_PENDING_BLOCKS_MAX = 1024;
export class CorruptStorageError extends Error {
    constructor(message) {
        super(message);
        this.name = 'CorruptStorageError';
    }
}
export async function loadPersistedState(storage, app, chainId, tailBlocks = RECOVERY_TAIL_BLOCKS) {
    const safety = (await storage.getSafety()) ?? null;
    const tip = await storage.getCommittedTip();
    const tail = [];
    const certs = [];
    if (tip === undefined) {
        tail.push(genesisBlock(chainId));
    }
    else {
        const from = Math.max(1, tip.height - tailBlocks + 1);
        for (let h = from; h <= tip.height; h++) {
            const hash = await storage.getCommittedHash(h);
            if (hash === undefined)
                throw new CorruptStorageError(`height index missing height ${h}`);
            const b = await storage.getBlock(hash);
            if (b === undefined)
                throw new CorruptStorageError(`committed block ${toHex(hash)} missing`);
            if (b.header.height !== h || !bytesEqual(b.hash, hash))
                throw new CorruptStorageError(`block at ${h} mismatched`);
            if (tail.length > 0 && !bytesEqual(b.header.parentHash, tail[tail.length - 1].hash)) {
                throw new CorruptStorageError(`committed chain broken at height ${h}`);
            }
            if (b.header.chainId !== chainId)
                throw new CorruptStorageError('chainId mismatch');
            tail.push(b);
            const c = await storage.getCommitCert(h);
            if (c !== undefined)
                certs.push(c);
        }
        if (from === 1)
            tail.unshift(genesisBlock(chainId));
    }
    // Uncommitted blocks persisted before the crash: walk back from the safety record's highQc block.
    const pending = [];
    const tipHeight = tip?.height ?? 0;
    if (safety !== null) {
        let hash = safety.highQc.blockHash;
        while (hash !== undefined && pending.length < RECOVERY_PENDING_BLOCKS_MAX) {
            const b = await storage.getBlock(hash);
            if (b === undefined || b.header.height <= tipHeight)
                break;
            pending.push(b);
            hash = b.header.parentHash;
        }
        if (safety.lastVote !== null) {
            const b = await storage.getBlock(safety.lastVote.blockHash);
            if (b !== undefined && b.header.height > tipHeight)
                pending.push(b);
        }
    }
    const entries = [];
    for await (const e of storage.appEntries())
        entries.push(e);
    const appState = app.restore(entries);
    return { safety, committedTail: tail, certs, pendingBlocks: pending, appState };
}
//# sourceMappingURL=load.js.map