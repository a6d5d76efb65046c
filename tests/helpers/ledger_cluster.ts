import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { openSync, closeSync, rmSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Group } from '@japa/runner/core'
import { configureLedger } from '#ledger/ledger'
import { clearOutbox } from '#tests/helpers/ledger'
import { track, withOwner } from '#tests/support/children'
import { checkOwnReplica, clusterPortOffsets, findFreePorts } from '#tests/support/ports'
import { makeTempDir } from '#tests/support/temp_dirs'

/*
| A real 4-replica `pb` cluster for app tests (as ledger-node/test/process/harness.ts): `ledger-node
| init` + one `ledger-node run` per replica, RocksDB in a temp dir, peers on basePort+I, HTTP on
| basePort+100+I. The ledger client tests prefer base port 25000 (tests/support/ports.js moves to
| free ports when something else holds one). Replicas are killed however the run ends
| (tests/support/children.js), and a replica only counts as ready when its genesis is ours.
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
   * Starts a fresh cluster on free ports (`TEST_LEDGER_BASE_PORT` moves the preferred base). A
   * port can still be taken between the probe and the replica's bind (another run probing at the
   * same moment): the replica then exits with EADDRINUSE and the start is retried on other ports.
   */
  static async start(preferredBase = defaultBasePort()): Promise<TestLedgerCluster> {
    let preferred = preferredBase
    for (let attempt = 1; ; attempt++) {
      const basePort = await findFreePorts(preferred, clusterPortOffsets(4), 'test ledger cluster')
      try {
        return await TestLedgerCluster.startOnce(basePort)
      } catch (error) {
        if (attempt >= 3 || !/EADDRINUSE|stale cluster/.test((error as Error).message)) throw error
        const reason = (error as Error).message.split('\n')[0]
        console.warn(
          `[test ledger cluster] start on base port ${basePort} failed (${reason}): retrying`
        )
        preferred = basePort + 200
      }
    }
  }

  private static async startOnce(basePort: number): Promise<TestLedgerCluster> {
    const dir = makeTempDir('cb-ledger-client')
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
      await cluster.waitReady([0, 1, 2, 3], 60_000)
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
      { stdio: ['ignore', log, log], env: withOwner() }
    )
    closeSync(log)
    track(child)
    this.procs[i] = child
    child.on('exit', () => {
      if (this.procs[i] === child) this.procs[i] = null
    })
  }

  /**
   * Waits until the replicas answer /status with this cluster's genesis. A replica of another
   * chain on our port (a stale cluster) is an error, never used.
   */
  async waitReady(indices: number[], timeoutMs: number) {
    const deadline = Date.now() + timeoutMs
    const chainId: string = this.genesis.chainId
    for (const i of indices) {
      for (;;) {
        const owner = await checkOwnReplica(this.url(i), chainId)
        if (owner !== 'ours' && owner !== 'down') {
          throw new Error(`replica ${i} (${this.url(i)}): ${owner}; ${this.logTail(i)}`)
        }
        const ok =
          owner === 'ours' &&
          (await fetch(`${this.url(i)}/status`, { signal: AbortSignal.timeout(2000) })
            .then((r) => r.ok)
            .catch(() => false))
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
