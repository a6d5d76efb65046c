/**
 * Issue #12 in the simulator: the adversary (a faulty key with validly signed malicious behaviour) finds
 * nothing against the real core, the checker sees signatures as they are made, and the mutation suite
 * kills a core with a defence removed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { voteSigningMessage } from '../../src/codec/signing.js';
import { runMutantsCommand } from '../../src/cli/mutants.js';
import { runSimulateCommand } from '../../src/cli/simulate.js';
import { ADVERSARIES, parseAdversaries } from '../../src/sim/adversary.js';
import { Checker } from '../../src/sim/checker.js';
import { MUTANTS } from '../../src/sim/mutants.js';
import { runSeed } from '../../src/sim/simulator.js';
async function capture(run, argv) {
    const out = [];
    const o = process.stdout.write.bind(process.stdout);
    const e = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s) => (out.push(String(s)), true));
    process.stderr.write = (() => true);
    try {
        return { code: await run(argv), out: out.join('') };
    }
    finally {
        process.stdout.write = o;
        process.stderr.write = e;
    }
}
test('every adversary at once, all faults: no violation, and the adversary did sign its own messages', async () => {
    for (const seed of [1, 2, 3]) {
        const r = await runSeed({ seed, replicas: 4, faults: 'all', adversaries: [...ADVERSARIES] });
        assert.deepEqual(r.violations, [], `seed ${seed}`);
        assert.ok(r.injected > 0, `seed ${seed}: adversary messages ${r.injected}`);
        assert.ok(r.ackedTxs > 0);
    }
});
test('real BLS seed: invalid signature bytes and wrong-height votes neither crash nor stall', async () => {
    const r = await runSeed({
        seed: 1,
        replicas: 4,
        faults: 'none',
        adversaries: ['bad-sig', 'wrong-height', 'commit-spam'],
        blsEvery: 1,
    });
    assert.equal(r.realBls, true);
    assert.deepEqual(r.violations, []);
    assert.ok(r.commits >= 3, `height ${r.commits}`);
});
test('simulate CLI: --adversary runs clean; unknown names and a too small tree are usage errors', async () => {
    const ok = await capture(runSimulateCommand, [
        '--seeds',
        '4..5',
        '--faults',
        'all',
        '--adversary',
        'equivocate,stale-qc,withhold-qc',
        '--jobs',
        '1',
    ]);
    assert.equal(ok.code, 0);
    assert.match(ok.out, /seeds: 2, violations: 0, commits: \d+\n/);
    assert.equal((await capture(runSimulateCommand, ['--adversary', 'bogus'])).code, 2);
    assert.equal((await capture(runSimulateCommand, ['--tree-blocks', '10'])).code, 2);
    assert.deepEqual(parseAdversaries('all'), [...ADVERSARIES]);
});
test('checker: a second vote of an honest key in one view is a violation when signed', () => {
    const checker = new Checker([0, 1, 2], true);
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    checker.onSigned(0, voteSigningMessage(3, 5, a), 10);
    checker.onSigned(0, voteSigningMessage(3, 5, a), 11); // the same vote again: a re-send
    assert.equal(checker.violations.length, 0);
    checker.onSigned(0, voteSigningMessage(3, 5, b), 12);
    assert.equal(checker.violations[0]?.invariant, 'vote-discipline');
});
test('every mutant patch still matches the compiled core exactly once', () => {
    const distSrc = fileURLToPath(new URL('../../src/', import.meta.url));
    for (const m of MUTANTS)
        for (const p of m.patches) {
            const text = readFileSync(`${distSrc}${p.file}`, 'utf8');
            assert.equal(text.split(p.find).length - 1, 1, `${m.name}: ${p.find}`);
        }
    assert.ok(MUTANTS.length >= 13);
});
test('mutants: the core without the vote height check (attack 1) is killed', async () => {
    const r = await capture(runMutantsCommand, ['--only', 'attack1-wrong-height-vote', '--jobs', '1']);
    // (no ^ anchors: under node --test, the runner's own reporting shares stdout)
    assert.match(r.out, /killed {3}attack1-wrong-height-vote \(\d+ s\): seed \d+: /);
    assert.match(r.out, /mutants: 1, killed: 1\n/);
    assert.equal(r.code, 0);
});
//# sourceMappingURL=adversary.test.js.map