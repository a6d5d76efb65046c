// Storage on RocksDB (`@nxtedition/rocksdb`), one key space with one-byte table prefixes:
//
//   'M' "manifest"          → CBOR [1, chainId, replicaIndex, genesisChecksum(32)]   (written at creation)
//   'T' "tip"               → CBOR [height, hash]                                    (committed tip)
//   'S' "safety"            → encodeSafetyRecord(record)
//   'B' hash(32)            → encodeBlock(block)              (committed and uncommitted blocks)
//   'H' u64be(height)       → hash(32)                        (height index of the committed chain)
//   'X' txHash(32 raw)      → CBOR [height, position]         (tx index, committed txs)
//   'C' u64be(height)       → encodeCommitCert(cert)
//   'A' appKey              → value                           (app checkpoint entries, owned by the App)
//
// Invariants:
// - every `write(batch)` is one RocksDB WriteBatch (atomic); with `sync: true` the WAL is fsync'd before
//   the promise resolves (the safety record is always written that way by the core);
// - the committed tip only moves up (putCommitted below the tip never lowers it);
// - a store is only opened for the chain, replica index and genesis it was created for (manifest check);
//   otherwise `open` throws StorageMismatchError and the replica refuses to start.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { encodeBlock, decodeOwnBlock, encodeCommitCert, decodeCommitCert } from '../codec/block.js';
import { encodeSafetyRecord, decodeSafetyRecord } from '../codec/messages.js';
import { encodeCbor, decodeCbor } from '../codec/cbor.js';
import { bytesEqual, fromHex, toHex } from '../crypto/hash.js';
const require = createRequire(import.meta.url);
const P_MANIFEST = Buffer.from('Mmanifest');
const P_TIP = Buffer.from('Ttip');
const P_SAFETY = Buffer.from('Ssafety');
const P_BLOCK = 0x42; // 'B'
const P_HEIGHT = 0x48; // 'H'
const P_TX = 0x58; // 'X'
const P_CERT = 0x43; // 'C'
const P_APP = 0x41; // 'A'
function key(prefix, body) {
    const k = Buffer.allocUnsafe(1 + body.length);
    k[0] = prefix;
    k.set(body, 1);
    return k;
}
function u64(n) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(n));
    return b;
}
function buf(u) {
    return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
export class StorageMismatchError extends Error {
    constructor(message) {
        super(message);
        this.name = 'StorageMismatchError';
    }
}
const BLOCK_CACHE_MAX = 1024;
export class RocksStorage {
    db;
    location;
    tip;
    /** True when this open created the store (first start of the replica). */
    created = false;
    blockCache = new Map();
    /** Number of writes, and of synced writes (metrics). */
    stats = { writes: 0, syncedWrites: 0, writeMsTotal: 0 };
    constructor(db, location) {
        this.db = db;
        this.location = location;
    }
    static async open(location, opts) {
        const exists = fs.existsSync(location) && fs.readdirSync(location).length > 0;
        if (!exists && !opts.createIfMissing) {
            throw new StorageMismatchError(`data directory ${location} is missing or empty`);
        }
        const { RocksLevel } = require('@nxtedition/rocksdb');
        const db = new RocksLevel(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
        try {
            await db.open({ createIfMissing: !exists, errorIfExists: false, paranoidChecks: true });
        }
        catch (e) {
            const cause = e.cause;
            throw new StorageMismatchError(`cannot open RocksDB at ${location}: ${e.message}${cause ? ` (${cause.message})` : ''}`);
        }
        const s = new RocksStorage(db, location);
        try {
            const [m, t] = await db.getMany([P_MANIFEST, P_TIP]);
            const want = opts.manifest;
            if (m === undefined) {
                if (exists && t !== undefined)
                    throw new StorageMismatchError(`data directory ${location} has no manifest`);
                s.created = true;
                await db.batch([{ type: 'put', key: P_MANIFEST, value: buf(encodeCbor([1, want.chainId, want.replicaIndex, want.genesisChecksum])) }], { sync: true });
            }
            else {
                let got;
                try {
                    got = decodeCbor(m);
                }
                catch {
                    throw new StorageMismatchError(`data directory ${location}: unreadable manifest`);
                }
                const a = got;
                if (!Array.isArray(a) || a[0] !== 1 || a[1] !== want.chainId || a[2] !== want.replicaIndex || !(a[3] instanceof Uint8Array) || !bytesEqual(a[3], want.genesisChecksum)) {
                    throw new StorageMismatchError(`data directory ${location} belongs to chain ${String(a?.[1])} replica ${String(a?.[2])}, not chain ${want.chainId} replica ${want.replicaIndex} with this genesis`);
                }
            }
            if (t !== undefined) {
                const a = decodeCbor(t);
                s.tip = { height: a[0], hash: a[1] };
            }
        }
        catch (e) {
            await db.close().catch(() => { });
            if (e instanceof StorageMismatchError)
                throw e;
            throw new StorageMismatchError(`data directory ${location} is corrupted: ${e.message}`);
        }
        return s;
    }
    async write(batch) {
        const t0 = performance.now();
        const ops = [];
        let tip = this.tip;
        const cacheAdds = [];
        for (const op of batch.ops)
            this.encodeOp(op, ops, cacheAdds, (h, hash) => {
                if (tip === undefined || h > tip.height)
                    tip = { height: h, hash };
            });
        if (tip !== this.tip && tip !== undefined)
            ops.push({ type: 'put', key: P_TIP, value: buf(encodeCbor([tip.height, tip.hash])) });
        await this.db.batch(ops, { sync: batch.sync });
        this.tip = tip;
        for (const b of cacheAdds)
            this.cacheBlock(b);
        this.stats.writes++;
        if (batch.sync)
            this.stats.syncedWrites++;
        this.stats.writeMsTotal += performance.now() - t0;
    }
    encodeOp(op, out, cacheAdds, onCommitted) {
        switch (op.kind) {
            case 'putBlock':
                out.push({ type: 'put', key: key(P_BLOCK, op.block.hash), value: buf(encodeBlock(op.block)) });
                cacheAdds.push(op.block);
                return;
            case 'deleteBlock':
                out.push({ type: 'del', key: key(P_BLOCK, op.hash) });
                this.blockCache.delete(toHex(op.hash));
                return;
            case 'putCommitted':
                out.push({ type: 'put', key: key(P_HEIGHT, u64(op.height)), value: buf(op.hash) });
                onCommitted(op.height, op.hash);
                return;
            case 'putTx':
                out.push({ type: 'put', key: key(P_TX, fromHex(op.txHash)), value: buf(encodeCbor([op.height, op.position])) });
                return;
            case 'putCommitCert':
                out.push({ type: 'put', key: key(P_CERT, u64(op.cert.height)), value: buf(encodeCommitCert(op.cert)) });
                return;
            case 'putSafety':
                out.push({ type: 'put', key: P_SAFETY, value: buf(encodeSafetyRecord(op.record)) });
                return;
            case 'putApp':
                if (op.value === null)
                    out.push({ type: 'del', key: key(P_APP, op.key) });
                else
                    out.push({ type: 'put', key: key(P_APP, op.key), value: buf(op.value) });
                return;
        }
    }
    cacheBlock(b) {
        const k = toHex(b.hash);
        this.blockCache.delete(k);
        this.blockCache.set(k, b);
        if (this.blockCache.size > BLOCK_CACHE_MAX)
            this.blockCache.delete(this.blockCache.keys().next().value);
    }
    async get1(k) {
        const [v] = await this.db.getMany([k]);
        return v ?? undefined;
    }
    async getBlock(hash) {
        const hit = this.blockCache.get(toHex(hash));
        if (hit)
            return hit;
        const v = await this.get1(key(P_BLOCK, hash));
        if (v === undefined)
            return undefined;
        const b = decodeOwnBlock(v);
        if (!bytesEqual(b.hash, hash))
            throw new StorageMismatchError(`block stored under ${toHex(hash)} has hash ${toHex(b.hash)}`);
        this.cacheBlock(b);
        return b;
    }
    /** Raw block bytes (for the HTTP API, avoids a decode/encode round trip). */
    async getBlockBytes(hash) {
        return this.get1(key(P_BLOCK, hash));
    }
    async getCommittedHash(height) {
        const v = await this.get1(key(P_HEIGHT, u64(height)));
        return v === undefined ? undefined : new Uint8Array(v);
    }
    async getCommittedTip() {
        return this.tip;
    }
    async getTx(txHash) {
        if (!/^[0-9a-f]{64}$/.test(txHash))
            return undefined;
        const v = await this.get1(key(P_TX, fromHex(txHash)));
        if (v === undefined)
            return undefined;
        const [height, position] = decodeCbor(v);
        return { height, position };
    }
    /** Batched tx-index lookup (one RocksDB multi-get): committed location per hash, undefined if absent. */
    async getTxMany(txHashes) {
        if (txHashes.length === 0)
            return [];
        const vs = await this.db.getMany(txHashes.map((h) => key(P_TX, Buffer.from(h, 'hex'))));
        return vs.map((v) => {
            if (v === undefined || v === null)
                return undefined;
            const [height, position] = decodeCbor(v);
            return { height, position };
        });
    }
    async getCommitCert(height) {
        const v = await this.get1(key(P_CERT, u64(height)));
        return v === undefined ? undefined : decodeCommitCert(v);
    }
    async getSafety() {
        const v = await this.get1(P_SAFETY);
        return v === undefined ? undefined : decodeSafetyRecord(v);
    }
    async getApp(k) {
        const v = await this.get1(key(P_APP, k));
        return v === undefined ? undefined : new Uint8Array(v);
    }
    async *appEntries() {
        const it = this.db.iterator({ gte: Buffer.from([P_APP]), lt: Buffer.from([P_APP + 1]) });
        try {
            for await (const [k, v] of it)
                yield [new Uint8Array(k.subarray(1)), new Uint8Array(v)];
        }
        finally {
            await it.close().catch(() => { });
        }
    }
    async close() {
        await this.db.close();
    }
}
//# sourceMappingURL=rocksdb.js.map