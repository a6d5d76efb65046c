/**
 * Runs a range of seeds, optionally in parallel worker threads (each seed is independent and
 * deterministic, so the split does not change any result).
 */
import { Worker } from 'node:worker_threads';
import { runSeed } from './simulator.js';
export async function runSeedsInline(seeds, opts) {
    const out = [];
    for (const seed of seeds)
        out.push(await runSeed({ ...opts, seed }));
    return out;
}
export async function runSeedsParallel(seeds, opts, jobs, onResult) {
    if (jobs <= 1 || seeds.length < 8) {
        const out = [];
        for (const seed of seeds) {
            const r = await runSeed({ ...opts, seed });
            onResult?.(r);
            out.push(r);
        }
        return out;
    }
    const results = [];
    let next = 0;
    const chunk = Math.max(1, Math.min(25, Math.ceil(seeds.length / (jobs * 8))));
    const workerUrl = new URL('./sweep_worker.js', import.meta.url);
    await Promise.all(Array.from({ length: jobs }, () => new Promise((resolve, reject) => {
        const w = new Worker(workerUrl);
        const feed = () => {
            if (next >= seeds.length) {
                void w.terminate().then(() => resolve());
                return;
            }
            const batch = seeds.slice(next, next + chunk);
            next += batch.length;
            w.postMessage({ seeds: batch, opts });
        };
        w.on('message', (rs) => {
            for (const r of rs) {
                onResult?.(r);
                results.push(r);
            }
            feed();
        });
        w.on('error', reject);
        feed();
    })));
    results.sort((a, b) => a.seed - b.seed);
    return results;
}
//# sourceMappingURL=sweep.js.map