// A replica whose stored safety record carries a high QC that does not verify refuses to start (exit 3,
// naming the data directory) instead of silently falling back to the genesis QC (issue #12, item 7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Cluster, kvTx } from './harness.js';
import { genesisChecksum, parseGenesis } from '../../src/node/genesis.js';
import { RocksStorage } from '../../src/storage/rocksdb.js';
test('a stored safety record whose high QC fails verification: refused, exit 3', { timeout: 90_000 }, async () => {
    const c = await Cluster.create({ app: 'kv', basePort: 23800, n: 1 });
    try {
        await c.post(0, '/txs', { txs: [kvTx('a', '1')] });
        await c.waitCommittedHeight([0], 1, 30_000);
        await c.kill(0, 'SIGTERM');
        const genesis = parseGenesis(fs.readFileSync(path.join(c.dir, 'genesis.json'), 'utf8'));
        const dataDir = path.join(c.dir, 'replica-0', 'data');
        const storage = await RocksStorage.open(dataDir, {
            createIfMissing: false,
            manifest: {
                chainId: genesis.chainId,
                replicaIndex: 0,
                genesisChecksum: genesisChecksum(genesis),
            },
        });
        const record = await storage.getSafety();
        assert.ok(record && record.highQc.view > 0, 'the replica voted, so its record holds a real QC');
        const sig = Uint8Array.from(record.highQc.sig);
        sig[sig.length - 1] = sig[sig.length - 1] ^ 1;
        await storage.write({
            ops: [{ kind: 'putSafety', record: { ...record, highQc: { ...record.highQc, sig } } }],
            sync: true,
        });
        await storage.close();
        const { code, output } = await c.runOnce(0);
        assert.equal(code, 3, output);
        assert.match(output, /refusing to start: data directory .*safety record rejected: high QC of view \d+ does not verify/);
    }
    finally {
        await c.cleanup();
    }
});
//# sourceMappingURL=safety_record.test.js.map