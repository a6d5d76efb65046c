import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSeed } from '../../src/sim/simulator.js';
import { runSeedsInline } from '../../src/sim/sweep.js';
test('simulator: 50 seeds with all faults (crash, partition, drops, twins of one key) — no violations', async () => {
    const rs = await runSeedsInline(Array.from({ length: 50 }, (_, i) => 1000 + i), { replicas: 4, faults: 'all' });
    const bad = rs.filter((r) => r.violations.length > 0);
    assert.deepEqual(bad.map((r) => `${r.seed}: ${r.violations[0].invariant} ${r.violations[0].detail}`), []);
    const commits = rs.reduce((s, r) => s + r.commits, 0);
    assert.ok(commits > 50 * 5, `cluster makes progress (${commits} blocks)`);
});
test('simulator: each fault mode alone, 10 seeds each — no violations', async () => {
    for (const faults of ['none', 'crash', 'partition', 'twins']) {
        const rs = await runSeedsInline(Array.from({ length: 10 }, (_, i) => 2000 + i), { replicas: 4, faults });
        const bad = rs.filter((r) => r.violations.length > 0);
        assert.deepEqual(bad.map((r) => `${faults} ${r.seed}: ${r.violations[0].invariant} ${r.violations[0].detail}`), []);
    }
});
test('simulator: n = 7 (f = 2) with two twinned keys stays safe', async () => {
    const rs = await runSeedsInline([1, 2, 3, 4, 5], {
        replicas: 7,
        faults: 'all',
        byzantineTwins: 2,
    });
    assert.deepEqual(rs.filter((r) => r.violations.length > 0).map((r) => r.seed), []);
});
test('positive control: with 2 twinned keys (> f = 1) the checker finds safety violations', async () => {
    const rs = await runSeedsInline(Array.from({ length: 10 }, (_, i) => 1 + i), {
        replicas: 4,
        faults: 'twins',
        byzantineTwins: 2,
    });
    const found = rs.filter((r) => r.violations.some((v) => v.invariant === 'agreement' || v.invariant === 'vote-discipline'));
    assert.ok(found.length > 0, 'at least one seed shows conflicting commits');
});
test('simulator is deterministic: same seed, same run', async () => {
    const a = await runSeed({ seed: 77, replicas: 4, faults: 'all' });
    const b = await runSeed({ seed: 77, replicas: 4, faults: 'all' });
    assert.deepEqual(a, b);
});
test('crash at each of the first 60 persistence boundaries (before and after the write) — no violations', async () => {
    const bad = [];
    for (let index = 0; index < 60; index++) {
        for (const after of [false, true]) {
            const r = await runSeed({
                seed: 4242,
                replicas: 4,
                faults: 'none',
                faultPhaseMs: 3000,
                crashAtPersist: { index, after },
            });
            if (r.violations.length > 0)
                bad.push(`${index}/${after}: ${r.violations[0].invariant} ${r.violations[0].detail}`);
        }
    }
    assert.deepEqual(bad, []);
});
//# sourceMappingURL=sim.test.js.map