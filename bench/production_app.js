/*
| The built app in production mode for the benchmarks (bench/web.js, bench/credentials.js): built
| with `node ace build` into `build/` when missing (or always with BENCH_BUILD=1), started from
| there with NODE_ENV=production on a bench/stack.js stack (its database, replicas and env);
| dependencies resolve from the checkout's node_modules (build/ sits inside the checkout).
| Sessions are the production default, `database` (BENCH_SESSION_DRIVER changes it). BENCH_CPU_PROF=1
| runs it with --cpu-prof; `stopAndSummarize` then prints the top self times.
*/
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './stack.js'

export const CPU_PROF = process.env.BENCH_CPU_PROF === '1'
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

export function ensureBuild() {
  if (existsSync(join(root, 'build/bin/server.js')) && process.env.BENCH_BUILD !== '1') {
    console.log('using the existing build/ (BENCH_BUILD=1 rebuilds it)')
    return
  }
  console.log('building the app (node ace build) …')
  const build = spawnSync(process.execPath, ['ace.js', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('node ace build failed')
}

function profileDir(stack) {
  return join(stack.dir, 'profile')
}

export async function startProductionApp(stack) {
  const adminKey = readFileSync(join(stack.dir, 'admin.key'), 'utf8').trim()
  const args = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${profileDir(stack)}`] : []
  stack.app = stack.spawnLogged('app (production)', [...args, 'bin/server.js'], {
    cwd: join(root, 'build'),
    env: {
      ...stack.env,
      NODE_ENV: 'production',
      LEDGER_ADMIN_SECRET_KEY: adminKey,
      // The production default (bench/stack.js uses cookie sessions for its development app).
      SESSION_DRIVER: process.env.BENCH_SESSION_DRIVER ?? 'database',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const deadline = Date.now() + 60_000
  for (;;) {
    if (stack.app.exitCode !== null) throw new Error(`the app exited:\n${stack.tail()}`)
    const up = await fetch(`${stack.baseUrl}/api/v1/campaigns`)
      .then((r) => r.ok)
      .catch(() => false)
    if (up) return
    if (Date.now() > deadline) throw new Error(`the app is not up within 60 s:\n${stack.tail()}`)
    await sleep(200)
  }
}

/** With BENCH_CPU_PROF=1: stops the app (SIGTERM, so the profile is written) and prints it. */
export async function stopAndSummarize(stack) {
  if (!CPU_PROF || !stack.app) return
  const app = stack.app
  app.kill('SIGTERM')
  await new Promise((resolve) => (app.exitCode !== null ? resolve() : app.once('exit', resolve)))
  stack.app = null
  const dir = profileDir(stack)
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : []
  if (files.length === 0) return console.log('no CPU profile was written')
  const profile = JSON.parse(readFileSync(join(dir, files[0]), 'utf8'))
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map()
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame
    const where = url ? ` ${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}` : ''
    const key = `${functionName || '(anonymous)'}${where}`
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  console.log(`app CPU profile (${files[0]}), top functions by self time:`)
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`)
  }
}
