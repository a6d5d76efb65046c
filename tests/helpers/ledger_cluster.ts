import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync, closeSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Group } from '@japa/runner/core'
import { configureLedger } from '#ledger/ledger'
import { clearOutbox } from '#tests/helpers/ledger'

/*
| A real 4-replica `pb` cluster for app tests (as ledger-node/test/process/harness.ts): `ledger-node
| init` + one `ledger-node run` per replica, RocksDB in a temp dir, peers on basePort+I, HTTP on
| basePort+100+I. The ledger client tests use base port 25000.
*/
const BIN = fileURLToPath(new URL('../../ledger-node/bin/ledger-node', import.meta.url))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export class TestLedgerCluster {
  readonly procs: (ChildProcess | null)[] = [null, null, null, null]

  private constructor(
    readonly dir: string,
    readonly basePort: number
  ) {}

  /**
   * Starts a fresh cluster. Test ports sit below Linux's ephemeral range (32768–60999), so no
   * outgoing connection on the machine can take one; a socket of an earlier run still closing can
   * hold one briefly: then the start is retried after a pause, up to three times. `TEST_LEDGER_BASE_PORT` moves the
   * default (parallel checkouts on one machine).
   */
  static async start(basePort = defaultBasePort()): Promise<TestLedgerCluster> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await TestLedgerCluster.startOnce(basePort)
      } catch (error) {
        if (attempt >= 3 || !/EADDRINUSE/.test((error as Error).message)) throw error
        await sleep(20_000)
      }
    }
  }

  private static async startOnce(basePort: number): Promise<TestLedgerCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'cb-ledger-client-'))
    execFileSync(process.execPath, [
      BIN,
      'init',
      '--replicas',
      '4',
      '--dir',
      dir,
      '--base-port',
      String(basePort),
      '--app',
      'pb',
    ])
    const cluster = new TestLedgerCluster(dir, basePort)
    for (let i = 0; i < 4; i++) cluster.startReplica(i)
    try {
      await cluster.waitReady([0, 1, 2, 3], 20_000)
    } catch (error) {
      const logs = [0, 1, 2, 3].map((i) => cluster.logTail(i)).join('\n')
      await cluster.stop()
      throw new Error(`${(error as Error).message}\n${logs}`)
    }
    return cluster
  }

  get genesisPath(): string {
    return join(this.dir, 'genesis.json')
  }

  get genesis() {
    return JSON.parse(readFileSync(this.genesisPath, 'utf8'))
  }

  url(i: number): string {
    return `http://127.0.0.1:${this.basePort + 100 + i}`
  }

  get urls(): string[] {
    return [0, 1, 2, 3].map((i) => this.url(i))
  }

  startReplica(i: number) {
    const log = openSync(join(this.dir, `replica-${i}.log`), 'a')
    const child = spawn(
      process.execPath,
      [BIN, 'run', '--config', join(this.dir, `replica-${i}`, 'config.json')],
      { stdio: ['ignore', log, log], env: { ...process.env } }
    )
    closeSync(log)
    this.procs[i] = child
    child.on('exit', () => {
      if (this.procs[i] === child) this.procs[i] = null
    })
  }

  async waitReady(indices: number[], timeoutMs: number) {
    const deadline = Date.now() + timeoutMs
    for (const i of indices) {
      for (;;) {
        const ok = await fetch(`${this.url(i)}/status`, { signal: AbortSignal.timeout(1000) })
          .then((r) => r.ok)
          .catch(() => false)
        if (ok) break
        if (!this.procs[i]) throw new Error(`replica ${i} exited: ${this.dir}`)
        if (Date.now() > deadline) throw new Error(`replica ${i} not ready: ${this.dir}`)
        await sleep(200)
      }
    }
  }

  logTail(i: number): string {
    try {
      return `replica ${i}: ${readFileSync(join(this.dir, `replica-${i}.log`), 'utf8').slice(-400)}`
    } catch {
      return `replica ${i}: no log`
    }
  }

  async stopReplica(i: number, signal: NodeJS.Signals = 'SIGKILL') {
    const child = this.procs[i]
    if (!child) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill(signal)
    await exited
  }

  async stop() {
    await Promise.all([0, 1, 2, 3].map((i) => this.stopReplica(i)))
    if (!process.env.KEEP_TEST_DIRS) rmSync(this.dir, { recursive: true, force: true })
  }
}

function defaultBasePort(): number {
  return Number(process.env.TEST_LEDGER_BASE_PORT ?? 25000)
}

/**
 * The usual group set-up for tests against real replicas: one cluster for the group (stopped in
 * its teardown, with the ledger configuration and outbox reset), and before each test an empty
 * outbox and the app's ledger client pointed at the cluster. Returns the cluster's getter.
 */
export function withLedgerCluster(group: Group): () => TestLedgerCluster {
  let cluster: TestLedgerCluster | undefined
  group.setup(async () => {
    cluster = await TestLedgerCluster.start()
    return async () => {
      configureLedger({})
      await clearOutbox()
      await cluster?.stop()
    }
  })
  group.each.setup(async () => {
    await clearOutbox()
    configureLedger({ replicas: cluster!.urls, genesisPath: cluster!.genesisPath })
  })
  return () => cluster!
}
