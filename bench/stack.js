/*
| The whole platform as real processes, for `npm run bench:voting` and the voting fault tests:
| four ledger replicas (`ledger-node run`, one process each, so one can be killed and restarted),
| a fresh PostgreSQL database, and the AdonisJS server. Plus the voter side of protocol.md: submit
| a ballot and wait for its receipt. Ports are the preferred ones when free, else free ones found at
| start (tests/support/ports.js); a replica counts as up only when its genesis is this stack's; every
| process is killed however the run ends (tests/support/children.js).
*/
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { track, withOwner } from '../tests/support/children.js'
import { checkOwnReplica, clusterPortOffsets, findFreePorts } from '../tests/support/ports.js'
import { makeTempDir } from '../tests/support/temp_dirs.js'
import { PrivatePostgres } from './private_postgres.js'

export const root = fileURLToPath(new URL('../', import.meta.url))
const ledgerCli = join(root, 'ledger-node/bin/ledger-node')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `probe` (false: not yet; an error: give up at once) until it says true. */
async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await probe()) return
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs} ms`)
    await sleep(200)
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (100 Hz)
  } catch {
    return 0
  }
}

/**
 * A bench's stack: ledger ports from `basePort`, the app on `appPort`, database `database` — each
 * overridable by BENCH_LEDGER_PORT, BENCH_APP_PORT and BENCH_DATABASE; `options` go to Stack as they are.
 */
export function benchStack({ basePort, appPort, database, ...options }) {
  return new Stack({
    basePort: Number(process.env.BENCH_LEDGER_PORT ?? basePort),
    appPort: Number(process.env.BENCH_APP_PORT ?? appPort),
    database: process.env.BENCH_DATABASE ?? database,
    ...options,
  })
}

/**
 * Runs a bench's `body` on `stack`: a failure prints its stack trace and the app's log tail and
 * sets exit code 1; `cleanup` (if any) runs and the stack is stopped either way.
 */
export async function runBench(stack, body, cleanup = () => {}) {
  try {
    await body()
  } catch (error) {
    console.error(error.stack ?? error)
    console.error(stack.tail())
    process.exitCode = 1
  } finally {
    cleanup()
    await stack.stop()
  }
}

export class Stack {
  constructor({
    basePort = 26000,
    appPort = 3390,
    database = 'civic_budget_bench',
    appEnv = {},
    privatePostgres = false,
    appNodes = 1,
    cpuProfDir = null,
    production = false,
  } = {}) {
    this.basePort = basePort
    this.appPort = appPort
    // Several app processes on consecutive ports, one PostgreSQL and one set of replicas.
    this.appNodes = appNodes
    // `--cpu-prof` into this directory for app 0 and replica 0 (written when they stop gracefully).
    this.cpuProfDir = cpuProfDir
    // App nodes from the production build instead of the development server (startApp).
    this.production = production
    this.database = database
    this.appEnv = appEnv
    // A server of its own (bench/private_postgres.js) for tests that restart PostgreSQL.
    this.privatePostgres = privatePostgres
    this.postgres = null
    this.dir = makeTempDir('civic-stack')
    this.replicas = [0, 1, 2, 3].map((i) => ({ index: i, process: null }))
    this.apps = []
    this.logs = []
  }

  /** Moves to free ports where the preferred ones are taken (reported), then fixes the env. */
  async choosePorts() {
    this.basePort = await findFreePorts(this.basePort, clusterPortOffsets(4), 'stack ledger')
    const appOffsets = Array.from({ length: this.appNodes }, (_, i) => i)
    this.appPort = await findFreePorts(this.appPort, appOffsets, 'stack app')
    const appPort = this.appPort
    this.env = {
      ...withOwner(),
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(appPort),
      APP_URL: `http://127.0.0.1:${appPort}`,
      APP_KEY: randomBytes(32).toString('base64url'),
      PERSON_REF_KEY: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'warn',
      VITE_HMR: 'off',
      SESSION_DRIVER: 'cookie',
      DEFAULT_PHONE_REGION: 'RU',
      SMS_DRIVER: 'log',
      CONSENT_VERSION: '2026-11',
      DATABASE_URL: this.databaseUrl(this.database),
      LEDGER_REPLICAS: this.replicaUrls().join(','),
      LEDGER_GENESIS: join(this.dir, 'genesis.json'),
      ...this.appEnv,
    }
  }

  /** A database of the stack's PostgreSQL server (the machine's, or its private one). */
  databaseUrl(database) {
    return this.postgres?.url(database) ?? `postgres://postgres@127.0.0.1:5432/${database}`
  }

  /** Restarts the stack's private PostgreSQL server (`privatePostgres: true` only). */
  restartPostgres() {
    if (!this.postgres) throw new Error('restartPostgres needs a stack with privatePostgres')
    this.postgres.restart()
  }

  /** App node 0 (the only one unless `appNodes` > 1). */
  get baseUrl() {
    return this.baseUrls[0]
  }

  get baseUrls() {
    return Array.from({ length: this.appNodes }, (_, i) => `http://127.0.0.1:${this.appPort + i}`)
  }

  /** App node 0's process (null once killed). */
  get app() {
    return this.apps[0] ?? null
  }

  appPids() {
    return this.apps.filter(Boolean).map((a) => a.pid)
  }

  /** Node flags of a process to profile (`cpuProfDir`): app 0 and replica 0. */
  profileFlags(name) {
    if (!this.cpuProfDir) return []
    return ['--cpu-prof', `--cpu-prof-dir=${this.cpuProfDir}`, `--cpu-prof-name=${name}.cpuprofile`]
  }

  replicaUrls() {
    return [0, 1, 2, 3].map((i) => `http://127.0.0.1:${this.basePort + 100 + i}`)
  }

  spawnLogged(name, args, options) {
    const child = track(spawn(process.execPath, args, { cwd: root, env: this.env, ...options }))
    const lines = []
    this.logs.push({ name, lines })
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk) => {
        lines.push(String(chunk))
        if (lines.length > 200) lines.shift()
      })
    }
    return child
  }

  /** The last lines each process printed (for a failing run's message). */
  tail() {
    return this.logs.map((l) => `--- ${l.name}\n${l.lines.join('').slice(-3000)}`).join('\n')
  }

  async startLedger() {
    const init = spawnSync(
      process.execPath,
      [
        ledgerCli,
        'init',
        '--replicas',
        '4',
        '--dir',
        this.dir,
        '--base-port',
        String(this.basePort),
        '--app',
        'pb',
      ],
      { cwd: root, encoding: 'utf8' }
    )
    if (init.status !== 0) throw new Error(`ledger-node init failed: ${init.stderr}`)
    for (const r of this.replicas) this.startReplica(r.index)
    await this.waitForReplicas()
  }

  /**
   * Ports and ledger. Two runs probing at the same moment can both find a port free: the loser's
   * replica cannot bind, or a foreign replica answers; that is reported and retried elsewhere.
   */
  async startLedgerOnFreePorts() {
    for (let attempt = 1; ; attempt++) {
      await this.choosePorts()
      try {
        return await this.startLedger()
      } catch (error) {
        if (attempt >= 3 || !/EADDRINUSE|stale cluster/.test(error.message)) throw error
        console.warn(
          `[stack] ledger on ${this.basePort}: ${error.message.split('\n')[0]}; retrying`
        )
        for (const r of this.replicas) this.killReplica(r.index)
        await sleep(300)
        for (const name of [
          'genesis.json',
          'admin.key',
          ...this.replicas.map((r) => `replica-${r.index}`),
        ])
          rmSync(join(this.dir, name), { recursive: true, force: true })
        this.basePort += 200
      }
    }
  }

  startReplica(index) {
    const config = join(this.dir, `replica-${index}`, 'config.json')
    const flags = index === 0 ? this.profileFlags('replica-0') : []
    const child = this.spawnLogged(
      `replica-${index}`,
      [...flags, ledgerCli, 'run', '--config', config],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    )
    this.replicas[index].process = child
    return child
  }

  /** Waits for /status of each replica; one of another chain on our port (stale) is an error. */
  async waitForReplicas(indexes = [0, 1, 2, 3]) {
    const { chainId } = JSON.parse(readFileSync(join(this.dir, 'genesis.json'), 'utf8'))
    for (const i of indexes) {
      const url = this.replicaUrls()[i]
      await waitFor(
        `replica ${i}`,
        async () => {
          const replica = this.replicas[i].process
          if (!replica || replica.exitCode !== null) {
            throw new Error(`replica ${i} is not running:\n${this.tail()}`)
          }
          const owner = await checkOwnReplica(url, chainId)
          if (owner !== 'ours' && owner !== 'down') throw new Error(`replica ${i}: ${owner}`)
          if (owner !== 'ours') return false
          return fetch(`${url}/status`)
            .then((r) => r.ok)
            .catch(() => false)
        },
        60_000
      )
    }
  }

  killReplica(index, signal = 'SIGKILL') {
    this.replicas[index].process?.kill(signal)
    this.replicas[index].process = null
  }

  replicaPids() {
    return this.replicas.map((r) => r.process?.pid).filter(Boolean)
  }

  /** A fresh database, migrated (and seeded with the development demo data). */
  async prepareDatabase() {
    const admin = new pg.Client({ connectionString: this.databaseUrl('postgres') })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`)
    await admin.end()
    this.ace(['db:prepare'])
  }

  /** Runs `node ace …` to completion with this stack's environment; returns its stdout. */
  ace(args) {
    const result = spawnSync(process.execPath, ['ace.js', ...args], {
      cwd: root,
      env: this.env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    })
    if (result.status !== 0) {
      throw new Error(`node ace ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
    }
    return result.stdout
  }

  /**
   * Starts every app node (or only node `only`), each on its own port, and waits for them: the
   * development server from the sources, or with `production` the built app (`build/`, see
   * bench/production_app.js) with NODE_ENV=production and database sessions, as a city runs it.
   */
  async startApp(only = null) {
    const nodes = only === null ? [...this.baseUrls.keys()] : [only]
    for (const i of nodes) {
      const name = i === 0 ? 'app' : `app-${i}`
      const profile = i === 0 ? this.profileFlags('app-0') : []
      const port = { PORT: String(this.appPort + i) }
      this.apps[i] = this.production
        ? this.spawnLogged(`${name} (production)`, [...profile, 'bin/server.js'], {
            cwd: join(root, 'build'),
            stdio: ['ignore', 'pipe', 'pipe'],
            env: {
              ...this.env,
              ...port,
              NODE_ENV: 'production',
              LEDGER_ADMIN_SECRET_KEY: readFileSync(join(this.dir, 'admin.key'), 'utf8').trim(),
              SESSION_DRIVER: process.env.BENCH_SESSION_DRIVER ?? 'database',
            },
          })
        : this.spawnLogged(
            name,
            [...profile, '--import=ts-node-maintained/register/esm', 'bin/server.ts'],
            { stdio: ['ignore', 'pipe', 'pipe'], env: { ...this.env, ...port } }
          )
    }
    for (const i of nodes) {
      const app = this.apps[i]
      await waitFor(
        `app ${i}`,
        async () => {
          if (app.exitCode !== null) throw new Error(`app ${i} exited:\n${this.tail()}`)
          return fetch(`${this.baseUrls[i]}/api/v1/campaigns`)
            .then((r) => r.ok)
            .catch(() => false)
        },
        120_000
      )
    }
  }

  /** (Private PostgreSQL,) ports, ledger, fresh database (with the development seed) and app, in that order. */
  async start() {
    if (this.privatePostgres) this.postgres = await PrivatePostgres.start()
    await this.startLedgerOnFreePorts()
    await this.prepareDatabase()
    await this.startApp()
  }

  /** The seeded demo campaign in voting, once its campaign tx is committed on the ledger. */
  async votingCampaignOnLedger() {
    const list = await (await fetch(`${this.baseUrl}/api/v1/campaigns`)).json()
    // the seed's campaign in clear (its encrypted one, "Old Town Sealed Vote", is in voting too)
    const campaign = list.find((c) => c.slug === 'riverside-quick-wins' && c.stage === 'voting')
    if (!campaign) throw new Error('no campaign in voting: the development seed should have one')
    const deadline = Date.now() + 60_000
    const tally = `${this.replicaUrls()[0]}/pb/campaigns/${campaign.id}/tally`
    while ((await fetch(tally)).status !== 200) {
      if (Date.now() > deadline)
        throw new Error(`campaign ${campaign.id} not on the ledger within 60 s`)
      await sleep(500)
    }
    return campaign.id
  }

  /**
   * `count` ready-to-submit ballots for the campaign (`node ace voting:mint-ballots`); with
   * `rivals`, each also carries `rival`, a different ballot of the same voter key.
   */
  mintBallots(campaignId, count, { rivals = false } = {}) {
    const file = join(this.dir, `ballots-${campaignId}-${count}.jsonl`)
    this.ace([
      'voting:mint-ballots',
      '--campaign',
      String(campaignId),
      '--count',
      String(count),
      '--out',
      file,
      ...(rivals ? ['--rivals'] : []),
    ])
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
  }

  killApp(signal = 'SIGKILL', index = 0) {
    this.apps[index]?.kill(signal)
    this.apps[index] = null
  }

  /** SIGTERM, then SIGKILL after `ms`: a profiled process writes its profile on a graceful exit. */
  async stopGracefully(child, ms = 15_000) {
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await Promise.race([exited, sleep(ms)])
  }

  async stop() {
    if (this.cpuProfDir) {
      await this.stopGracefully(this.apps[0])
      await this.stopGracefully(this.replicas[0].process)
    }
    for (const i of this.apps.keys()) this.killApp('SIGKILL', i)
    for (const r of this.replicas) this.killReplica(r.index, 'SIGKILL')
    await sleep(300)
    this.postgres?.stop()
    if (!process.env.KEEP_TEST_DIRS) {
      rmSync(this.dir, { recursive: true, force: true })
      if (this.postgres) rmSync(this.postgres.dir, { recursive: true, force: true })
    }
  }
}

/**
 * Submits one prepared ballot `{ballot, signature}` (base64) and waits for its receipt, as
 * protocol.md's voters do: the POST answers 200 with the receipt once the ballot's batch is
 * committed; a 202 (not committed within the server's wait) is followed by ONE long poll
 * `GET /api/v1/ballots/:hash?wait=<s>` (repeated only if it ends without a verdict). 503 is retried
 * after `Retry-After` with jitter (×0.5–1.5, so shed voters do not come back in step), other 5xx
 * only with `retryServerErrors`, and a refused connection (the app restarting) until the deadline.
 * Resolves `{outcome: 'committed'|'rejected'|'error', status, ms, acceptedMs, sheds, receipt?,
 * error?}`: `ms` from the first attempt, `acceptedMs` from the POST that was admitted.
 */
export async function vote(
  baseUrl,
  campaignId,
  item,
  { timeoutMs = 60_000, retryServerErrors = false, waitSeconds = 25 } = {}
) {
  const started = performance.now()
  const deadline = Date.now() + timeoutMs
  let sheds = 0
  let attemptAt = started
  const done = (fields) => ({
    ms: performance.now() - started,
    acceptedMs: performance.now() - attemptAt,
    sheds,
    ...fields,
  })
  for (;;) {
    let response
    attemptAt = performance.now()
    try {
      response = await fetch(`${baseUrl}/api/v1/campaigns/${campaignId}/ballots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ballot: item.ballot, signature: item.signature }),
      })
    } catch (error) {
      if (Date.now() > deadline) return done({ outcome: 'error', status: 0, error: String(error) })
      await sleep(250)
      continue
    }
    const body = await response.json().catch(() => null)
    // A body cut off (the app killed while answering) is no answer: send the same ballot again.
    if (body === null) {
      if (Date.now() > deadline)
        return done({ outcome: 'error', status: response.status, error: 'answer cut off' })
      await sleep(250)
      continue
    }
    if (response.status === 200 && !body.receipt)
      return done({ outcome: 'error', status: 200, error: 'a 200 without a receipt' })
    if (response.status === 200)
      return done({ outcome: 'committed', status: 200, receipt: body.receipt })
    if (response.status === 503 && Date.now() < deadline) {
      sheds++
      const retryAfter = Number(response.headers.get('retry-after') ?? 1)
      await sleep(retryAfter * 1000 * (0.5 + Math.random()))
      continue
    }
    // Fault tests: a voter whose request failed on the server's side simply tries again.
    if (response.status >= 500 && retryServerErrors && Date.now() < deadline) {
      await sleep(500)
      continue
    }
    if (response.status !== 202)
      return done({ outcome: 'rejected', status: response.status, error: body.error })
    for (;;) {
      const url = `${baseUrl}/api/v1/ballots/${body.ballotHash}?wait=${waitSeconds}`
      const asked = performance.now()
      const poll = await fetch(url).catch(() => null)
      const state = poll?.ok ? await poll.json() : null
      if (state?.status === 'committed')
        return done({ outcome: 'committed', status: 202, receipt: state.receipt })
      if (state?.status === 'rejected')
        return done({ outcome: 'rejected', status: 202, error: state.reason })
      if (Date.now() > deadline)
        return done({ outcome: 'error', status: 202, error: 'no receipt in time' })
      // Refused (the app restarting) or answered at once (a server that does not hold the poll):
      // wait a moment, never a busy loop.
      if (performance.now() - asked < 1000) await sleep(1000)
    }
  }
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
