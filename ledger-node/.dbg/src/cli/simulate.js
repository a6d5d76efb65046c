/**
 * `ledger-node simulate --seeds A..B [--replicas 4] [--faults none|crash|partition|twins|all]
 *                       [--byzantine-twins K] [--adversary NAME,…|all] [--bls-every K] [--jobs J]
 *                       [--fault-ms MS] [--tree-blocks N] [--verbose]`
 *
 * `--adversary` gives one faulty key the named malicious behaviours (sim/adversary.ts); `--bls-every K`
 * signs every K-th seed with the node's real BLS backend (default 50; 0 = never, 1 = every seed);
 * `--tree-blocks N` scales the block-tree bound down so a short run can reach it (mutation runs).
 *
 * Runs every seed through the deterministic simulator. Prints one line per failing seed (seed, invariant,
 * replay command) and a last line exactly `seeds: N, violations: V, commits: C` where V is the number of
 * seeds with at least one violation and C the total number of blocks committed (highest honest height,
 * summed over seeds). Exit code 1 if V > 0, 2 on bad usage.
 */
import { availableParallelism } from 'node:os';
import { parseAdversaries } from '../sim/adversary.js';
import { FAULT_MODES } from '../sim/simulator.js';
import { runSeedsParallel } from '../sim/sweep.js';
const USAGE = 'usage: ledger-node simulate --seeds A..B [--replicas 4] [--faults none|crash|partition|twins|all] [--byzantine-twins K] [--adversary NAME,…|all] [--bls-every K] [--jobs J] [--fault-ms MS] [--tree-blocks N] [--verbose]';
const BLS_EVERY_DEFAULT = 50;
function parse(argv) {
    const p = {
        from: 1,
        to: 100,
        replicas: 4,
        faults: 'all',
        twins: undefined,
        adversary: undefined,
        adversaries: [],
        blsEvery: BLS_EVERY_DEFAULT,
        jobs: Math.max(1, Math.min(availableParallelism(), 8)),
        faultMs: undefined,
        treeBlocks: undefined,
        verbose: false,
    };
    const int = (s, what) => {
        if (s === undefined || !/^\d+$/.test(s))
            throw new Error(`${what}: expected a non-negative integer`);
        return Number(s);
    };
    try {
        for (let i = 0; i < argv.length; i++) {
            const a = argv[i];
            const [flag, inline] = a.includes('=')
                ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
                : [a, undefined];
            const val = () => inline ?? argv[++i];
            switch (flag) {
                case '--seeds': {
                    const v = val() ?? '';
                    const m = /^(\d+)(?:\.\.(\d+))?$/.exec(v);
                    if (m === null)
                        return `--seeds: expected A..B, got "${v}"`;
                    p.from = Number(m[1]);
                    p.to = m[2] !== undefined ? Number(m[2]) : p.from;
                    if (p.to < p.from)
                        return '--seeds: B must be ≥ A';
                    break;
                }
                case '--replicas':
                    p.replicas = int(val(), '--replicas');
                    if (p.replicas < 1 || p.replicas > 64)
                        return '--replicas: 1..64';
                    break;
                case '--faults': {
                    const v = val();
                    if (!FAULT_MODES.includes(v))
                        return `--faults: one of ${FAULT_MODES.join('|')}`;
                    p.faults = v;
                    break;
                }
                case '--byzantine-twins':
                    p.twins = int(val(), '--byzantine-twins');
                    break;
                case '--adversary': {
                    const spec = val() ?? '';
                    const names = parseAdversaries(spec);
                    if (typeof names === 'string')
                        return names;
                    p.adversary = spec;
                    p.adversaries = names;
                    break;
                }
                case '--bls-every':
                    p.blsEvery = int(val(), '--bls-every');
                    break;
                case '--jobs':
                    p.jobs = Math.max(1, int(val(), '--jobs'));
                    break;
                case '--fault-ms':
                    p.faultMs = int(val(), '--fault-ms');
                    break;
                case '--tree-blocks':
                    p.treeBlocks = int(val(), '--tree-blocks');
                    if (p.treeBlocks < 48)
                        return '--tree-blocks: at least 48';
                    break;
                case '--verbose':
                    p.verbose = true;
                    break;
                case '-h':
                case '--help':
                    return USAGE;
                default:
                    return `unknown argument "${a}"`;
            }
        }
    }
    catch (e) {
        return e.message;
    }
    if (p.twins !== undefined && p.twins > p.replicas)
        return '--byzantine-twins must be ≤ --replicas';
    return p;
}
export async function runSimulateCommand(argv) {
    const p = parse(argv);
    if (typeof p === 'string') {
        process.stderr.write(`${p}\n${p === USAGE ? '' : USAGE + '\n'}`);
        return 2;
    }
    const seeds = [];
    for (let s = p.from; s <= p.to; s++)
        seeds.push(s);
    const replayFlags = [
        `--replicas ${p.replicas}`,
        `--faults ${p.faults}`,
        ...(p.twins !== undefined ? [`--byzantine-twins ${p.twins}`] : []),
        ...(p.adversary !== undefined ? [`--adversary ${p.adversary}`] : []),
        ...(p.blsEvery !== BLS_EVERY_DEFAULT ? [`--bls-every ${p.blsEvery}`] : []),
        ...(p.faultMs !== undefined ? [`--fault-ms ${p.faultMs}`] : []),
        ...(p.treeBlocks !== undefined ? [`--tree-blocks ${p.treeBlocks}`] : []),
    ].join(' ');
    const started = Date.now();
    let violations = 0;
    let commits = 0;
    const results = await runSeedsParallel(seeds, {
        replicas: p.replicas,
        faults: p.faults,
        ...(p.twins !== undefined ? { byzantineTwins: p.twins } : {}),
        adversaries: p.adversaries,
        blsEvery: p.blsEvery,
        ...(p.faultMs !== undefined ? { faultPhaseMs: p.faultMs } : {}),
        ...(p.treeBlocks !== undefined ? { treeBlocksMax: p.treeBlocks } : {}),
    }, p.jobs, (r) => {
        commits += r.commits;
        if (r.violations.length > 0) {
            violations++;
            const v = r.violations[0];
            process.stdout.write(`seed ${r.seed}: ${v.invariant} at ${v.timeMs} ms: ${v.detail} | replay: ledger-node simulate --seeds ${r.seed}..${r.seed} ${replayFlags}\n`);
        }
        else if (p.verbose) {
            process.stdout.write(`seed ${r.seed}: ok, height ${r.commits}, txs ${r.committedTxs} (acked ${r.ackedTxs}), views to recover ${r.viewsToRecover}, steps ${r.steps}, ${r.virtualMs} ms simulated, adversary messages ${r.injected}${r.realBls ? ', real BLS' : ''}\n`);
        }
    });
    if (p.verbose) {
        const s = (Date.now() - started) / 1000;
        process.stderr.write(`elapsed ${s.toFixed(1)} s, ${(results.length / s).toFixed(1)} seeds/s\n`);
    }
    process.stdout.write(`seeds: ${results.length}, violations: ${violations}, commits: ${commits}\n`);
    return violations > 0 ? 1 : 0;
}
//# sourceMappingURL=simulate.js.map