#!/usr/bin/env node
/*
| `npm start`: everything a newcomer needs, in one command.
|   1. .env from .env.example with a fresh APP_KEY (first run only);
|   2. PostgreSQL at DATABASE_URL — or, when no server answers, an embedded
|      PGlite served over the Postgres wire protocol (data in storage/pglite);
|   3. database created if missing, migrated, demo city seeded (development);
|   4. a local four-replica ledger cluster (ledger-node, data under storage/ledger,
|      replica TCP on 127.0.0.1:7000-7003, HTTP APIs on 7100-7103; LEDGER_BASE_PORT
|      moves both) — unless LEDGER_REPLICAS points at an existing cluster;
|   5. the HTTP server on HOST:PORT (.env: localhost:3333), with Vite's HMR websocket on
|      the first free port from 24678 (vite.config.ts).
| Ctrl-C stops everything.
*/
import { spawn } from 'node:child_process'
import { readFileSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { ensureEnvFile } from './env_file.js'
import { appUrl } from './app_url.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const children = new Set()
let stopping = false

function log(message) {
  console.log(`[start] ${message}`)
}

function readEnvFile() {
  const values = {}
  for (const line of readFileSync(`${root}.env`, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line)
    if (match) values[match[1]] = match[2]
  }
  return values
}

async function serverAnswers(url) {
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({
    connectionString: admin.toString(),
    connectionTimeoutMillis: 3000,
  })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/** Embedded fallback: PGlite in this process, reachable by the ordinary `pg` driver. */
async function startPglite() {
  const { PGlite } = await import('@electric-sql/pglite')
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket')
  const dataDir = `${root}storage/pglite`
  mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create({ dataDir })
  const port = 54329
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' })
  await server.start()
  log('WARNING: no PostgreSQL server answered; using the embedded PGlite fallback')
  log(`         data in ${dataDir}, one connection at a time — fine for a demo, not for a city`)
  return `postgres://postgres@127.0.0.1:${port}/postgres`
}

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' })
    children.add(child)
    child.on('exit', (code, signal) => {
      children.delete(child)
      if (code === 0) resolve()
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`))
    })
  })
}

/** Starts `ledger-node cluster` and waits until every replica answers /status. */
async function startLedgerCluster(env) {
  const basePort = Number(env.LEDGER_BASE_PORT ?? 7000)
  const replicas = [0, 1, 2, 3].map((index) => `http://127.0.0.1:${basePort + 100 + index}`)
  const cluster = spawn(
    process.execPath,
    [
      'ledger-node/bin/ledger-node',
      'cluster',
      '--replicas',
      '4',
      '--dir',
      'storage/ledger',
      '--base-port',
      String(basePort),
      '--app',
      'pb',
    ],
    { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] }
  )
  children.add(cluster)
  cluster.on('exit', (code, signal) => {
    children.delete(cluster)
    if (!stopping) {
      console.error(`[start] the ledger cluster stopped (${code ?? signal}); stopping the platform`)
      stopAll('SIGTERM')
    }
  })
  const deadline = Date.now() + 60_000
  for (const url of replicas) {
    for (;;) {
      const status = await fetch(`${url}/status`).catch(() => null)
      if (status?.ok) break
      if (Date.now() > deadline) throw new Error(`ledger replica ${url} did not start within 60 s`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  log(`ledger cluster up: ${replicas.join(', ')} (genesis: storage/ledger/genesis.json)`)
  return { replicas: replicas.join(','), genesis: `${root}storage/ledger/genesis.json` }
}

function stopAll(signal) {
  if (stopping) return
  stopping = true
  // `node ace serve`-style servers stop on SIGINT; the ledger cluster on SIGTERM.
  for (const child of children) child.kill(signal)
  setTimeout(() => process.exit(0), 5000).unref()
}
process.on('SIGINT', () => stopAll('SIGINT'))
process.on('SIGTERM', () => stopAll('SIGTERM'))

async function main() {
  if (ensureEnvFile()) log('created .env with a fresh APP_KEY')
  const fileEnv = readEnvFile()
  const env = { ...process.env }
  env.NODE_ENV ??= fileEnv.NODE_ENV ?? 'development'
  const url =
    env.DATABASE_URL ?? fileEnv.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/civic_budget'

  if (!(await serverAnswers(url))) {
    env.DATABASE_URL = await startPglite()
    env.DATABASE_POOL_MAX = '1'
    env.CIVIC_BUDGET_PGLITE = '1'
  }

  if (!env.LEDGER_REPLICAS) {
    const ledger = await startLedgerCluster(env)
    env.LEDGER_REPLICAS = ledger.replicas
    env.LEDGER_GENESIS = ledger.genesis
  }

  await run(process.execPath, ['ace.js', 'db:prepare'], env)
  log(`starting the platform on ${appUrl(env, fileEnv)}`)
  await run(process.execPath, ['--import=ts-node-maintained/register/esm', 'bin/server.ts'], env)
}

main().catch((error) => {
  if (!stopping) {
    console.error(`[start] ${error.message}`)
    stopAll('SIGTERM')
    process.exitCode = 1
  }
})
