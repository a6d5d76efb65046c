/**
 * Runs a range of seeds, optionally in parallel worker threads (each seed is independent and
 * deterministic, so the split does not change any result).
 */
import { Worker } from 'node:worker_threads'
import { runSeed, type SimOptions, type SimResult } from './simulator.js'

export type SweepOptions = Omit<SimOptions, 'seed'>

export async function runSeedsInline(
  seeds: readonly number[],
  opts: SweepOptions
): Promise<SimResult[]> {
  const out: SimResult[] = []
  for (const seed of seeds) out.push(await runSeed({ ...opts, seed }))
  return out
}

export async function runSeedsParallel(
  seeds: readonly number[],
  opts: SweepOptions,
  jobs: number,
  onResult?: (r: SimResult) => void
): Promise<SimResult[]> {
  if (jobs <= 1 || seeds.length < 8) {
    const out: SimResult[] = []
    for (const seed of seeds) {
      const r = await runSeed({ ...opts, seed })
      onResult?.(r)
      out.push(r)
    }
    return out
  }
  const results: SimResult[] = []
  let next = 0
  const chunk = Math.max(1, Math.min(25, Math.ceil(seeds.length / (jobs * 8))))
  const workerUrl = new URL('./sweep_worker.js', import.meta.url)
  await Promise.all(
    Array.from(
      { length: jobs },
      () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(workerUrl)
          const feed = (): void => {
            if (next >= seeds.length) {
              void w.terminate().then(() => resolve())
              return
            }
            const batch = seeds.slice(next, next + chunk)
            next += batch.length
            w.postMessage({ seeds: batch, opts })
          }
          w.on('message', (rs: SimResult[]) => {
            for (const r of rs) {
              onResult?.(r)
              results.push(r)
            }
            feed()
          })
          w.on('error', reject)
          feed()
        })
    )
  )
  results.sort((a, b) => a.seed - b.seed)
  return results
}
