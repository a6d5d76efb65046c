import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Piscina } from 'piscina'
import { intakeSettings } from '#voting/intake/settings'
import type { Verdict, VerifyTask } from '#voting/intake/verify_worker'

/*
| The verify pool: piscina threads running `verify_worker`. Under `node ace` (ts sources) the
| workers need the ts-node loader (ace registers it in the main thread only); a build runs the .js.
| The queue is bounded: a full pool answers `null` and the caller sheds load (503).
*/
let pool: Piscina | null = null

function workerFile(): { filename: string; execArgv: string[] } {
  const ext = extname(fileURLToPath(import.meta.url))
  const filename = fileURLToPath(new URL(`./verify_worker${ext}`, import.meta.url))
  const loader = '--import=ts-node-maintained/register/esm'
  const execArgv =
    ext === '.ts' && !process.execArgv.includes(loader)
      ? [...process.execArgv, loader]
      : [...process.execArgv]
  return { filename, execArgv }
}

function thePool(): Piscina {
  if (pool) return pool
  const settings = intakeSettings()
  const { filename, execArgv } = workerFile()
  pool = new Piscina({
    filename,
    execArgv,
    minThreads: 1,
    maxThreads: Math.max(1, settings.verifyThreads),
    maxQueue: settings.verifyQueue,
    idleTimeout: 60_000,
  })
  return pool
}

/** Verdicts for the batch, or null when the pool's queue is full. */
export async function verifyInPool(task: VerifyTask): Promise<Verdict[] | null> {
  const p = thePool()
  if (p.queueSize >= intakeSettings().verifyQueue) return null
  return (await p.run(task)) as Verdict[]
}

export async function closeVerifyPool(): Promise<void> {
  const p = pool
  pool = null
  if (p) await p.destroy()
}
