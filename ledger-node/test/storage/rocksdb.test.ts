import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeTxLocation, RocksStorage, StorageMismatchError } from '../../src/storage/rocksdb.js';
import { encodeCbor } from '../../src/codec/cbor.js';
import { genesisBlock, makeBlock } from '../../src/codec/block.js';
import { txHash } from '../../src/codec/tx.js';
import { encodeKvTx } from '../../src/app/kv.js';

const manifest = { chainId: 'c1', replicaIndex: 2, genesisChecksum: new Uint8Array(32).fill(7) };

test('rocksdb storage: write, read back, reopen, manifest and corruption checks', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rocks-'));
  const loc = path.join(dir, 'data');
  await assert.rejects(RocksStorage.open(loc, { createIfMissing: false, manifest }), StorageMismatchError);
  let s = await RocksStorage.open(loc, { createIfMissing: true, manifest });
  const g = genesisBlock('c1');
  const txs = [encodeKvTx('a', new Uint8Array([1])), encodeKvTx('b', new Uint8Array([2]))];
  const b1 = makeBlock({ chainId: 'c1', view: 1, parent: g.justify, txs, stateRoot: new Uint8Array(32), timestampMs: 5, proposer: 1 });
  await s.write({ sync: true, ops: [
    { kind: 'putBlock', block: b1 },
    { kind: 'putCommitted', height: 1, hash: b1.hash },
    { kind: 'putTx', txHash: txHash(txs[1]!), height: 1, position: 1 },
    { kind: 'putCommitCert', cert: { height: 1, blockHash: b1.hash, signers: [0, 1, 2], sig: new Uint8Array(96) } },
    { kind: 'putApp', key: new TextEncoder().encode('kv/a'), value: new Uint8Array([1]) },
    { kind: 'putApp', key: new TextEncoder().encode('kv/b'), value: new Uint8Array([2]) },
  ] });
  await s.write({ sync: false, ops: [{ kind: 'putApp', key: new TextEncoder().encode('kv/b'), value: null }] });
  await s.close();
  s = await RocksStorage.open(loc, { createIfMissing: false, manifest });
  assert.deepEqual((await s.getCommittedTip())!.height, 1);
  const back = await s.getBlock(b1.hash);
  assert.deepEqual(back!.hash, b1.hash);
  assert.deepEqual(back!.txs.map((t) => Buffer.from(t)), txs.map((t) => Buffer.from(t)));
  assert.deepEqual(await s.getTx(txHash(txs[1]!)), { height: 1, position: 1 });
  assert.equal(await s.getTx(txHash(txs[0]!)), undefined);
  assert.deepEqual((await s.getCommitCert(1))!.signers, [0, 1, 2]);
  const entries: string[] = [];
  for await (const [k] of s.appEntries()) entries.push(new TextDecoder().decode(k));
  assert.deepEqual(entries, ['kv/a']);
  await s.close();
  await assert.rejects(RocksStorage.open(loc, { createIfMissing: false, manifest: { ...manifest, replicaIndex: 1 } }), /belongs to chain c1 replica 2/);
  // corrupt every file of the store
  for (const f of fs.readdirSync(loc)) if (f !== 'LOCK' && !f.startsWith('LOG')) fs.writeFileSync(path.join(loc, f), 'garbage');
  await assert.rejects(RocksStorage.open(loc, { createIfMissing: false, manifest }), StorageMismatchError);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('tx index values: the hand-rolled encoding is byte-identical to canonical CBOR [height, position]', () => {
  const edges = [0, 1, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER];
  for (const h of edges)
    for (const p of [0, 23, 24, 1999, 70000])
      assert.deepEqual(new Uint8Array(encodeTxLocation(h, p)), encodeCbor([h, p]), `[${h}, ${p}]`);
});
