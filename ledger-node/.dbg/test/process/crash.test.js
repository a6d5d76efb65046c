// Steady load, then kill -9 of a follower and of the leader during load (each restarted), on 4 real
// replica processes. After each phase: every tx acknowledged as committed is on every live replica and
// all replicas agree on every block hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, KvLoad, checkConsistency, sleep } from './harness.js';
test('steady load, kill -9 of a follower and of the leader, restarts', { timeout: 120_000 }, async () => {
    const c = await Cluster.create({ app: 'kv', basePort: 22000 });
    const load = new KvLoad(c, 200, 20);
    try {
        load.start();
        await sleep(4000);
        await load.follow();
        const steadyAcked = load.acked.size;
        assert.ok(steadyAcked > 200, `steady load committed only ${steadyAcked} txs`);
        // kill -9 a follower (not the leader of the current view; leaders are elected, see /status)
        const s = await c.status(0);
        const follower = [0, 1, 2, 3].find((i) => i !== s.leader && i !== 0);
        await c.kill(follower, 'SIGKILL');
        await sleep(2500);
        c.start(follower);
        await sleep(2500);
        await checkConsistency(c, new Map(load.acked), 40_000); // after the follower's kill -9 and restart
        // kill -9 the leader of the current view
        const s2 = await c.status((follower + 1) % 4);
        const leader = s2.leader ?? s2.view % 4;
        await c.kill(leader, 'SIGKILL');
        await sleep(3000);
        c.start(leader);
        await c.waitReady([leader], 60_000);
        await sleep(2000);
        await checkConsistency(c, new Map(load.acked), 40_000); // after the leader's kill -9 and restart, under load
        await load.stop();
        const before = load.acked.size;
        assert.ok(before > steadyAcked, `no commits after the kills (${before} vs ${steadyAcked})`);
        const { height } = await checkConsistency(c, load.acked, 40_000);
        assert.ok(height > 10);
        for (const i of [0, 1, 2, 3])
            assert.ok(!c.logs(i).includes('ALARM'), c.logs(i));
    }
    finally {
        await load.stop();
        await c.cleanup();
    }
});
//# sourceMappingURL=crash.test.js.map