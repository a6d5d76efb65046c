// Issue #12, attack 6 as processes: a replica that was never started joins three replicas whose chain
// holds more bytes than one frame (~11 MiB of kv txs; a 128-block sync batch of it would pass the
// 9 MiB frame limit). Sync responses are capped by bytes, so it catches up instead of retrying one
// oversized request forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, kvTx, sleep } from './harness.js';
const ROUNDS = 40;
const TXS_PER_ROUND = 100;
const VALUE = 'x'.repeat(3000);
test('a lagging replica catches up on a chain larger than a frame', { timeout: 240_000 }, async () => {
    const c = await Cluster.create({ app: 'kv', basePort: 24200, start: false });
    try {
        for (const i of [0, 1, 2])
            c.start(i);
        await c.waitReady([0, 1, 2], 60_000);
        for (let round = 0; round < ROUNDS; round++) {
            const txs = Array.from({ length: TXS_PER_ROUND }, (_, k) => kvTx(`big${round}-${k}`, VALUE));
            await c.post(round % 3, '/txs', { txs }, 30_000);
            await sleep(150);
        }
        // Wait until the three committed everything submitted.
        let blocks = [];
        for (let t = 0; t < 120; t++) {
            blocks = await c.allBlocks(0);
            if (blocks.reduce((n, b) => n + b.txs.length, 0) >= ROUNDS * TXS_PER_ROUND)
                break;
            await sleep(500);
        }
        await c.waitCommittedHeight([0, 1, 2], blocks.length, 30_000);
        const bytes = blocks.reduce((sum, b) => sum + b.txs.reduce((n, x) => n + x.length * 0.75, 0), 0);
        assert.ok(bytes > 9 * 2 ** 20, `chain larger than a frame (${(bytes / 2 ** 20).toFixed(1)} MiB)`);
        c.start(3);
        await c.waitCommittedHeight([3], blocks.length, 90_000);
        const mine = await c.allBlocks(3);
        for (const [k, b] of blocks.entries())
            assert.equal(mine[k]?.blockHash, b.blockHash);
    }
    finally {
        await c.cleanup();
    }
});
//# sourceMappingURL=catchup_big.test.js.map