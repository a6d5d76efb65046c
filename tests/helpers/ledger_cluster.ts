import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync, closeSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/*
| A real 4-replica `pb` cluster for app tests (as ledger-node/test/process/harness.ts): `ledger-node
| init` + one `ledger-node run` per replica, RocksDB in a temp dir, peers on basePort+I, HTTP on
| basePort+100+I. The ledger client tests use base port 45000.
*/
const BIN = fileURLToPath(new URL('../../ledger-node/bin/ledger-node', import.meta.url))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export class TestLedgerCluster {
  readonly procs: (ChildProcess | null)[] = [null, null, null, null]

  private constructor(
    readonly dir: string,
    readonly basePort: number
  ) {}

  static async start(basePort = 45000): Promise<TestLedgerCluster> {
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
    await cluster.waitReady([0, 1, 2, 3], 30_000)
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
        if (Date.now() > deadline) throw new Error(`replica ${i} not ready: ${this.dir}`)
        await sleep(200)
      }
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
