/**
 * In-memory Storage for the simulator and tests, with crash semantics: unsynced writes live in a volatile
 * layer that `crash()` discards; a `sync: true` write makes the volatile layer and itself durable (like
 * fsync of a sequential WAL). Besides the async Storage interface it offers synchronous `*Sync` readers
 * (the simulator is single-threaded and avoids promise overhead).
 */
import type { Block, CommitCert, Hash, SafetyRecord, StorageOp, WriteBatch } from '../consensus/types.js'
import { toHex } from '../crypto/hash.js'
import type { CommittedTip, Storage, TxLocation } from './storage.js'

interface Tables {
  blocks: Map<string, Block>
  committed: Map<number, Hash>
  tip: CommittedTip | undefined
  txs: Map<string, TxLocation>
  certs: Map<number, CommitCert>
  safety: SafetyRecord | undefined
  app: Map<string, readonly [Uint8Array, Uint8Array]>
}

function emptyTables(): Tables {
  return {
    blocks: new Map(),
    committed: new Map(),
    tip: undefined,
    txs: new Map(),
    certs: new Map(),
    safety: undefined,
    app: new Map(),
  }
}

function cloneTables(t: Tables): Tables {
  return {
    blocks: new Map(t.blocks),
    committed: new Map(t.committed),
    tip: t.tip,
    txs: new Map(t.txs),
    certs: new Map(t.certs),
    safety: t.safety,
    app: new Map(t.app),
  }
}

function apply(t: Tables, op: StorageOp): void {
  switch (op.kind) {
    case 'putBlock':
      t.blocks.set(toHex(op.block.hash), op.block)
      return
    case 'deleteBlock':
      t.blocks.delete(toHex(op.hash))
      return
    case 'putCommitted':
      t.committed.set(op.height, op.hash)
      if (t.tip === undefined || op.height > t.tip.height) t.tip = { height: op.height, hash: op.hash }
      return
    case 'putTx':
      t.txs.set(op.txHash, { height: op.height, position: op.position })
      return
    case 'putCommitCert':
      t.certs.set(op.cert.height, op.cert)
      return
    case 'putSafety':
      t.safety = op.record
      return
    case 'putApp': {
      const k = toHex(op.key)
      if (op.value === null) t.app.delete(k)
      else t.app.set(k, [op.key, op.value])
      return
    }
  }
}

export class MemoryStorage implements Storage {
  private durable: Tables = emptyTables()
  private current: Tables = emptyTables()
  private unsynced: StorageOp[][] = []
  /** Counters for tests. */
  writesSynced = 0
  writesUnsynced = 0

  writeSync(batch: WriteBatch): void {
    for (const op of batch.ops) apply(this.current, op)
    if (batch.sync) {
      for (const ops of this.unsynced) for (const op of ops) apply(this.durable, op)
      for (const op of batch.ops) apply(this.durable, op)
      this.unsynced = []
      this.writesSynced++
    } else {
      this.unsynced.push([...batch.ops])
      this.writesUnsynced++
    }
  }

  /**
   * Simulated power loss: every write not yet made durable is lost, except the first `keepUnsynced`
   * unsynced batches (a torn WAL tail reaches the disk as a prefix of whole batches, as RocksDB
   * recovers it).
   */
  crash(keepUnsynced = 0): void {
    for (const ops of this.unsynced.slice(0, keepUnsynced)) for (const op of ops) apply(this.durable, op)
    this.unsynced = []
    this.current = cloneTables(this.durable)
  }

  getBlockSync(hash: Hash): Block | undefined {
    return this.current.blocks.get(toHex(hash))
  }
  getCommittedHashSync(height: number): Hash | undefined {
    return this.current.committed.get(height)
  }
  getCommittedTipSync(): CommittedTip | undefined {
    return this.current.tip
  }
  getTxSync(txHash: string): TxLocation | undefined {
    return this.current.txs.get(txHash)
  }
  getCommitCertSync(height: number): CommitCert | undefined {
    return this.current.certs.get(height)
  }
  getSafetySync(): SafetyRecord | undefined {
    return this.current.safety
  }
  getAppSync(key: Uint8Array): Uint8Array | undefined {
    return this.current.app.get(toHex(key))?.[1]
  }
  appEntriesSync(): Array<readonly [Uint8Array, Uint8Array]> {
    const keys = [...this.current.app.keys()].sort()
    return keys.map((k) => this.current.app.get(k)!)
  }

  async write(batch: WriteBatch): Promise<void> {
    this.writeSync(batch)
  }
  async getBlock(hash: Hash): Promise<Block | undefined> {
    return this.getBlockSync(hash)
  }
  async getCommittedHash(height: number): Promise<Hash | undefined> {
    return this.getCommittedHashSync(height)
  }
  async getCommittedTip(): Promise<CommittedTip | undefined> {
    return this.getCommittedTipSync()
  }
  async getTx(txHash: string): Promise<TxLocation | undefined> {
    return this.getTxSync(txHash)
  }
  async getCommitCert(height: number): Promise<CommitCert | undefined> {
    return this.getCommitCertSync(height)
  }
  async getSafety(): Promise<SafetyRecord | undefined> {
    return this.getSafetySync()
  }
  async getApp(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.getAppSync(key)
  }
  async *appEntries(): AsyncIterable<readonly [Uint8Array, Uint8Array]> {
    for (const e of this.appEntriesSync()) yield e
  }
  async close(): Promise<void> {}
}
