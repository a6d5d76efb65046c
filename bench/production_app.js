/*
| The built app in production mode for the benchmarks (bench/web.js, bench/credentials.js,
| bench/voting.js): built with `node ace build` into `build/` when missing or older than the sources
| (always with BENCH_BUILD=1), started from
| there with NODE_ENV=production on a bench/stack.js stack (its database, replicas and env);
| dependencies resolve from the checkout's node_modules (build/ sits inside the checkout).
| Sessions are the production default, `database` (BENCH_SESSION_DRIVER changes it). BENCH_CPU_PROF=1
| runs it with --cpu-prof; `stopAndSummarize` then prints the profile (bench/profile_summary.js).
| The .cpuprofile goes away with the stack's directory unless BENCH_CPU_PROF_DIR names another one
| (to open it in a flame-graph viewer).
*/
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { summarizeProfile } from './profile_summary.js'
import { root } from './stack.js'

export const CPU_PROF = process.env.BENCH_CPU_PROF === '1'

/** The newest modification time (ms) of any file under `dir` (0 when it does not exist). */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

/** Builds the app unless build/ is newer than every source it is made of (BENCH_BUILD=1: always). */
export function ensureBuild() {
  const server = join(root, 'build/bin/server.js')
  const sources = ['app', 'config', 'start', 'resources', 'database', 'bin'].map((d) =>
    join(root, d)
  )
  const stale =
    !existsSync(server) || Math.max(...sources.map(newestMtime)) > statSync(server).mtimeMs
  if (!stale && process.env.BENCH_BUILD !== '1') {
    console.log('using the existing build/ (newer than the sources; BENCH_BUILD=1 rebuilds it)')
    return
  }
  console.log('building the app (node ace build) …')
  const build = spawnSync(process.execPath, ['ace.js', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('node ace build failed')
}

/** Starts the app nodes from the build (stack.js `production`); BENCH_CPU_PROF=1 profiles node 0. */
export async function startProductionApp(stack) {
  stack.production = true
  if (CPU_PROF) {
    stack.cpuProfDir = resolve(process.env.BENCH_CPU_PROF_DIR ?? join(stack.dir, 'profile'))
    mkdirSync(stack.cpuProfDir, { recursive: true })
  }
  await stack.startApp()
}

/** With BENCH_CPU_PROF=1: stops the app (SIGTERM, so the profile is written) and prints it. */
export async function stopAndSummarize(stack) {
  if (!CPU_PROF || !stack.app) return
  await stack.stopGracefully(stack.app)
  const file = join(stack.cpuProfDir, 'app-0.cpuprofile')
  if (!existsSync(file)) return console.log('no CPU profile was written')
  console.log(summarizeProfile(file, 25))
}
