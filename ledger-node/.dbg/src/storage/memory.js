import { toHex } from '../crypto/hash.js';
function emptyTables() {
    return {
        blocks: new Map(),
        committed: new Map(),
        tip: undefined,
        txs: new Map(),
        certs: new Map(),
        safety: undefined,
        app: new Map(),
    };
}
function cloneTables(t) {
    return {
        blocks: new Map(t.blocks),
        committed: new Map(t.committed),
        tip: t.tip,
        txs: new Map(t.txs),
        certs: new Map(t.certs),
        safety: t.safety,
        app: new Map(t.app),
    };
}
function apply(t, op) {
    switch (op.kind) {
        case 'putBlock':
            t.blocks.set(toHex(op.block.hash), op.block);
            return;
        case 'deleteBlock':
            t.blocks.delete(toHex(op.hash));
            return;
        case 'putCommitted':
            t.committed.set(op.height, op.hash);
            if (t.tip === undefined || op.height > t.tip.height)
                t.tip = { height: op.height, hash: op.hash };
            return;
        case 'putTx':
            t.txs.set(op.txHash, { height: op.height, position: op.position });
            return;
        case 'putCommitCert':
            t.certs.set(op.cert.height, op.cert);
            return;
        case 'putSafety':
            t.safety = op.record;
            return;
        case 'putApp': {
            const k = toHex(op.key);
            if (op.value === null)
                t.app.delete(k);
            else
                t.app.set(k, [op.key, op.value]);
            return;
        }
    }
}
export class MemoryStorage {
    durable = emptyTables();
    current = emptyTables();
    unsynced = [];
    /** Counters for tests. */
    writesSynced = 0;
    writesUnsynced = 0;
    writeSync(batch) {
        for (const op of batch.ops)
            apply(this.current, op);
        if (batch.sync) {
            for (const ops of this.unsynced)
                for (const op of ops)
                    apply(this.durable, op);
            for (const op of batch.ops)
                apply(this.durable, op);
            this.unsynced = [];
            this.writesSynced++;
        }
        else {
            this.unsynced.push([...batch.ops]);
            this.writesUnsynced++;
        }
    }
    /**
     * Simulated power loss: every write not yet made durable is lost, except the first `keepUnsynced`
     * unsynced batches (a torn WAL tail reaches the disk as a prefix of whole batches, as RocksDB
     * recovers it).
     */
    crash(keepUnsynced = 0) {
        for (const ops of this.unsynced.slice(0, keepUnsynced))
            for (const op of ops)
                apply(this.durable, op);
        this.unsynced = [];
        this.current = cloneTables(this.durable);
    }
    getBlockSync(hash) {
        return this.current.blocks.get(toHex(hash));
    }
    getCommittedHashSync(height) {
        return this.current.committed.get(height);
    }
    getCommittedTipSync() {
        return this.current.tip;
    }
    getTxSync(txHash) {
        return this.current.txs.get(txHash);
    }
    getCommitCertSync(height) {
        return this.current.certs.get(height);
    }
    getSafetySync() {
        return this.current.safety;
    }
    getAppSync(key) {
        return this.current.app.get(toHex(key))?.[1];
    }
    appEntriesSync() {
        const keys = [...this.current.app.keys()].sort();
        return keys.map((k) => this.current.app.get(k));
    }
    async write(batch) {
        this.writeSync(batch);
    }
    async getBlock(hash) {
        return this.getBlockSync(hash);
    }
    async getCommittedHash(height) {
        return this.getCommittedHashSync(height);
    }
    async getCommittedTip() {
        return this.getCommittedTipSync();
    }
    async getTx(txHash) {
        return this.getTxSync(txHash);
    }
    async getCommitCert(height) {
        return this.getCommitCertSync(height);
    }
    async getSafety() {
        return this.getSafetySync();
    }
    async getApp(key) {
        return this.getAppSync(key);
    }
    async *appEntries() {
        for (const e of this.appEntriesSync())
            yield e;
    }
    async close() { }
}
//# sourceMappingURL=memory.js.map