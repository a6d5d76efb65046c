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
import type { Block, CommitCert, Hash, SafetyRecord, StorageOp, WriteBatch } from '../consensus/types.js';
import type { CommittedTip, Storage, TxLocation } from './storage.js';
import { bytesEqual, toHex } from '../crypto/hash.js';

const require = createRequire(import.meta.url);

interface RocksLevelLike {
  open(): Promise<void>;
  close(): Promise<void>;
  getMany(keys: Buffer[], opts?: object): Promise<(Buffer | undefined)[]>;
  batch(ops: { type: 'put' | 'del'; key: Buffer; value?: Buffer }[], opts?: { sync?: boolean }): Promise<void>;
  iterator(opts: { gte?: Buffer; lt?: Buffer; keys?: boolean; values?: boolean }): AsyncIterable<[Buffer, Buffer]> & {
    close(): Promise<void>;
  };
}

const P_MANIFEST = Buffer.from('Mmanifest');
const P_TIP = Buffer.from('Ttip');
const P_SAFETY = Buffer.from('Ssafety');
const P_BLOCK = 0x42; // 'B'
const P_HEIGHT = 0x48; // 'H'
const P_TX = 0x58; // 'X'
const P_CERT = 0x43; // 'C'
const P_APP = 0x41; // 'A'

function key(prefix: number, body: Uint8Array): Buffer {
  const k = Buffer.allocUnsafe(1 + body.length);
  k[0] = prefix;
  k.set(body, 1);
  return k;
}

/** 'X' ‖ txHash: the hex is one the replica computed itself (lowercase, 64 digits), decoded natively. */
function txKey(txHashHex: string): Buffer {
  const k = Buffer.allocUnsafe(33);
  k[0] = P_TX;
  if (k.write(txHashHex, 1, 'hex') !== 32) throw new Error(`bad tx hash ${txHashHex}`);
  return k;
}

/** = encodeCbor([height, position]) (canonical CBOR, two uints), without the generic encoder: one per committed tx. */
export function encodeTxLocation(height: number, position: number): Buffer {
  const out = Buffer.allocUnsafe(1 + 9 + 9);
  out[0] = 0x82;
  let o = writeUintHead(out, 1, height);
  o = writeUintHead(out, o, position);
  return out.subarray(0, o);
}

/** Canonical (shortest-form) CBOR head of major type 0 for a safe integer n, written at `at`; returns the end. */
function writeUintHead(out: Buffer, at: number, n: number): number {
  if (n < 24) {
    out[at] = n;
    return at + 1;
  }
  if (n < 0x100) {
    out[at] = 24;
    out[at + 1] = n;
    return at + 2;
  }
  if (n < 0x10000) {
    out[at] = 25;
    out.writeUInt16BE(n, at + 1);
    return at + 3;
  }
  if (n < 0x100000000) {
    out[at] = 26;
    out.writeUInt32BE(n, at + 1);
    return at + 5;
  }
  out[at] = 27;
  out.writeUInt32BE(Math.floor(n / 0x100000000), at + 1);
  out.writeUInt32BE(n >>> 0, at + 5);
  return at + 9;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

function buf(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

export class StorageMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageMismatchError';
  }
}

export interface Manifest {
  chainId: string;
  replicaIndex: number;
  /** SHA-256 of the canonical genesis description (see node/genesis.ts `genesisChecksum`). */
  genesisChecksum: Uint8Array;
}

export interface RocksOpenOptions {
  /** Create the store if the directory does not exist (first start). */
  createIfMissing: boolean;
  manifest: Manifest;
}

const BLOCK_CACHE_MAX = 1024;

export class RocksStorage implements Storage {
  private tip: CommittedTip | undefined;
  /** True when this open created the store (first start of the replica). */
  created = false;
  private blockCache = new Map<string, Block>();
  /** Number of writes, and of synced writes (metrics). */
  readonly stats = { writes: 0, syncedWrites: 0, writeMsTotal: 0 };

  private constructor(private readonly db: RocksLevelLike, readonly location: string) {}

  static async open(location: string, opts: RocksOpenOptions): Promise<RocksStorage> {
    const exists = fs.existsSync(location) && fs.readdirSync(location).length > 0;
    if (!exists && !opts.createIfMissing) {
      throw new StorageMismatchError(`data directory ${location} is missing or empty`);
    }
    const { RocksLevel } = require('@nxtedition/rocksdb') as { RocksLevel: new (loc: string, o: object) => RocksLevelLike };
    const db = new RocksLevel(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    try {
      await (db as unknown as { open(o: object): Promise<void> }).open({ createIfMissing: !exists, errorIfExists: false, paranoidChecks: true });
    } catch (e) {
      const cause = (e as { cause?: Error }).cause;
      throw new StorageMismatchError(`cannot open RocksDB at ${location}: ${(e as Error).message}${cause ? ` (${cause.message})` : ''}`);
    }
    const s = new RocksStorage(db, location);
    try {
      const [m, t] = await db.getMany([P_MANIFEST, P_TIP]);
      const want = opts.manifest;
      if (m === undefined) {
        if (exists && t !== undefined) throw new StorageMismatchError(`data directory ${location} has no manifest`);
        s.created = true;
        await db.batch(
          [{ type: 'put', key: P_MANIFEST, value: buf(encodeCbor([1, want.chainId, want.replicaIndex, want.genesisChecksum])) }],
          { sync: true },
        );
      } else {
        let got: unknown;
        try {
          got = decodeCbor(m);
        } catch {
          throw new StorageMismatchError(`data directory ${location}: unreadable manifest`);
        }
        const a = got as unknown[];
        if (!Array.isArray(a) || a[0] !== 1 || a[1] !== want.chainId || a[2] !== want.replicaIndex || !(a[3] instanceof Uint8Array) || !bytesEqual(a[3], want.genesisChecksum)) {
          throw new StorageMismatchError(
            `data directory ${location} belongs to chain ${String(a?.[1])} replica ${String(a?.[2])}, not chain ${want.chainId} replica ${want.replicaIndex} with this genesis`,
          );
        }
      }
      if (t !== undefined) {
        const a = decodeCbor(t) as [number, Uint8Array];
        s.tip = { height: a[0], hash: a[1] };
      }
    } catch (e) {
      await db.close().catch(() => {});
      if (e instanceof StorageMismatchError) throw e;
      throw new StorageMismatchError(`data directory ${location} is corrupted: ${(e as Error).message}`);
    }
    return s;
  }

  async write(batch: WriteBatch): Promise<void> {
    const t0 = performance.now();
    const ops: { type: 'put' | 'del'; key: Buffer; value?: Buffer }[] = [];
    let tip = this.tip;
    const cacheAdds: Block[] = [];
    for (const op of batch.ops) this.encodeOp(op, ops, cacheAdds, (h, hash) => {
      if (tip === undefined || h > tip.height) tip = { height: h, hash };
    });
    if (tip !== this.tip && tip !== undefined) ops.push({ type: 'put', key: P_TIP, value: buf(encodeCbor([tip.height, tip.hash])) });
    await this.db.batch(ops, { sync: batch.sync });
    this.tip = tip;
    for (const b of cacheAdds) this.cacheBlock(b);
    this.stats.writes++;
    if (batch.sync) this.stats.syncedWrites++;
    this.stats.writeMsTotal += performance.now() - t0;
  }

  private encodeOp(
    op: StorageOp,
    out: { type: 'put' | 'del'; key: Buffer; value?: Buffer }[],
    cacheAdds: Block[],
    onCommitted: (height: number, hash: Hash) => void,
  ): void {
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
        out.push({ type: 'put', key: txKey(op.txHash), value: encodeTxLocation(op.height, op.position) });
        return;
      case 'putCommitCert':
        out.push({ type: 'put', key: key(P_CERT, u64(op.cert.height)), value: buf(encodeCommitCert(op.cert)) });
        return;
      case 'putSafety':
        out.push({ type: 'put', key: P_SAFETY, value: buf(encodeSafetyRecord(op.record)) });
        return;
      case 'putApp':
        if (op.value === null) out.push({ type: 'del', key: key(P_APP, op.key) });
        else out.push({ type: 'put', key: key(P_APP, op.key), value: buf(op.value) });
        return;
    }
  }

  private cacheBlock(b: Block): void {
    const k = toHex(b.hash);
    this.blockCache.delete(k);
    this.blockCache.set(k, b);
    if (this.blockCache.size > BLOCK_CACHE_MAX) this.blockCache.delete(this.blockCache.keys().next().value!);
  }

  private async get1(k: Buffer): Promise<Buffer | undefined> {
    const [v] = await this.db.getMany([k]);
    return v ?? undefined;
  }

  async getBlock(hash: Hash): Promise<Block | undefined> {
    const hit = this.blockCache.get(toHex(hash));
    if (hit) return hit;
    const v = await this.get1(key(P_BLOCK, hash));
    if (v === undefined) return undefined;
    const b = decodeOwnBlock(v);
    if (!bytesEqual(b.hash, hash)) throw new StorageMismatchError(`block stored under ${toHex(hash)} has hash ${toHex(b.hash)}`);
    this.cacheBlock(b);
    return b;
  }

  /** Raw block bytes (for the HTTP API, avoids a decode/encode round trip). */
  async getBlockBytes(hash: Hash): Promise<Buffer | undefined> {
    return this.get1(key(P_BLOCK, hash));
  }

  async getCommittedHash(height: number): Promise<Hash | undefined> {
    const v = await this.get1(key(P_HEIGHT, u64(height)));
    return v === undefined ? undefined : new Uint8Array(v);
  }

  async getCommittedTip(): Promise<CommittedTip | undefined> {
    return this.tip;
  }

  async getTx(txHash: string): Promise<TxLocation | undefined> {
    if (!/^[0-9a-f]{64}$/.test(txHash)) return undefined;
    const v = await this.get1(txKey(txHash));
    if (v === undefined) return undefined;
    const [height, position] = decodeCbor(v) as [number, number];
    return { height, position };
  }

  /** Batched tx-index lookup (one RocksDB multi-get): committed location per hash, undefined if absent. */
  async getTxMany(txHashes: readonly string[]): Promise<(TxLocation | undefined)[]> {
    if (txHashes.length === 0) return [];
    const vs = await this.db.getMany(txHashes.map(txKey));
    return vs.map((v) => {
      if (v === undefined || v === null) return undefined;
      const [height, position] = decodeCbor(v) as [number, number];
      return { height, position };
    });
  }

  async getCommitCert(height: number): Promise<CommitCert | undefined> {
    const v = await this.get1(key(P_CERT, u64(height)));
    return v === undefined ? undefined : decodeCommitCert(v);
  }

  async getSafety(): Promise<SafetyRecord | undefined> {
    const v = await this.get1(P_SAFETY);
    return v === undefined ? undefined : decodeSafetyRecord(v);
  }

  async getApp(k: Uint8Array): Promise<Uint8Array | undefined> {
    const v = await this.get1(key(P_APP, k));
    return v === undefined ? undefined : new Uint8Array(v);
  }

  async *appEntries(): AsyncIterable<readonly [Uint8Array, Uint8Array]> {
    const it = this.db.iterator({ gte: Buffer.from([P_APP]), lt: Buffer.from([P_APP + 1]) });
    try {
      for await (const [k, v] of it) yield [new Uint8Array(k.subarray(1)), new Uint8Array(v)] as const;
    } finally {
      await it.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
