// `ledger-node` command line (ledger.md "CLI").
import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { bls, keygen, popProve } from '../crypto/bls.js'
import { toHex } from '../crypto/hash.js'
import { ed25519PublicKey } from '../app/pb/codec.js'
import {
  parseGenesis,
  loadReplicaConfig,
  ConfigError,
  type Genesis,
  type ReplicaConfig,
} from '../node/genesis.js'
import { verifyReceipt } from '../crypto/receipt.js'
import { quorumSize } from '../consensus/config.js'
import { LEADER_ELECTIONS, type LeaderElection } from '../consensus/election.js'

const USAGE = `usage:
  ledger-node init --replicas N --dir DIR --base-port P [--app pb|kv] [--host 127.0.0.1] [--leader-election reputation|round-robin]
  ledger-node run --config DIR/replica-I/config.json
  ledger-node cluster --replicas 4 --dir DIR --base-port P [--app pb|kv]
  ledger-node simulate --seeds A..B [--replicas 4] [--faults none|crash|partition|twins|all] [--byzantine-twins K] [--adversary NAME,…|all]
  ledger-node mutants [--only NAME,…] [--jobs J] [--list]
  ledger-node verify-receipt --genesis FILE RECEIPT.json
  ledger-node bench [--seconds S] [--batch-sizes 500,1000,2000] [--app kv|pb|both] [--rate TPS] [--ballots N]
                   [--pb-seconds S] [--body cbor|json] [--cpu-prof DIR] [--base-port P]`

export const BIN_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../bin/ledger-node'
)

type Flags = { _: string[]; [k: string]: string | boolean | string[] }

export function parseFlags(argv: string[]): Flags {
  const out: Flags = { _: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1)
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) out[a.slice(2)] = argv[++i]!
      else out[a.slice(2)] = true
    } else out._.push(a)
  }
  return out
}

function str(f: Flags, k: string, def?: string): string {
  const v = f[k]
  if (typeof v === 'string') return v
  if (def !== undefined) return def
  throw new ConfigError(`missing --${k}`)
}

function int(f: Flags, k: string, def?: number): number {
  const v = f[k]
  if (v === undefined && def !== undefined) return def
  if (typeof v !== 'string' || !/^\d+$/.test(v))
    throw new ConfigError(`--${k} must be a non-negative integer`)
  return Number(v)
}

// ── init ──

export interface InitOptions {
  replicas: number
  dir: string
  basePort: number
  app: 'kv' | 'pb'
  host: string
  consensus?: Record<string, number>
  /** Written to genesis only when given (absent = reputation). */
  leaderElection?: LeaderElection
}

export function initCluster(o: InitOptions): Genesis {
  if (o.replicas < 1 || o.replicas > 256) throw new ConfigError('--replicas must be in 1..256')
  if (o.basePort < 1 || o.basePort + 100 + o.replicas > 65535)
    throw new ConfigError('--base-port out of range')
  const genesisPath = path.join(o.dir, 'genesis.json')
  if (fs.existsSync(genesisPath))
    throw new ConfigError(`${genesisPath} exists already; refusing to overwrite keys`)
  fs.mkdirSync(o.dir, { recursive: true })
  const chainId = `civic-budget-${randomBytes(4).toString('hex')}`
  const sks = Array.from({ length: o.replicas }, () => keygen(randomBytes(32)))
  const genesis: Genesis = {
    chainId,
    replicas: sks.map((sk, i) => ({
      index: i,
      publicKey: toHex(bls.publicKey(sk)),
      pop: toHex(popProve(sk)),
      address: `${o.host}:${o.basePort + i}`,
    })),
    quorum: quorumSize(o.replicas),
    app: o.app,
    ...(o.leaderElection ? { leaderElection: o.leaderElection } : {}),
  }
  if (o.app === 'pb') {
    const seed = randomBytes(32)
    fs.writeFileSync(path.join(o.dir, 'admin.key'), toHex(seed) + '\n', { mode: 0o600 })
    genesis.admins = [toHex(ed25519PublicKey(seed))]
  }
  sks.forEach((sk, i) => {
    const rdir = path.join(o.dir, `replica-${i}`)
    fs.mkdirSync(rdir, { recursive: true })
    fs.writeFileSync(path.join(rdir, 'secret.key'), toHex(sk) + '\n', { mode: 0o600 })
    fs.chmodSync(path.join(rdir, 'secret.key'), 0o600)
    const config: ReplicaConfig = {
      index: i,
      genesis: '../genesis.json',
      secretKeyFile: 'secret.key',
      dataDir: 'data',
      listen: { host: o.host, port: o.basePort + i },
      http: { host: o.host, port: o.basePort + 100 + i },
      ...(o.consensus ? { consensus: o.consensus } : {}),
    }
    fs.writeFileSync(path.join(rdir, 'config.json'), JSON.stringify(config, null, 2) + '\n')
  })
  fs.writeFileSync(genesisPath, JSON.stringify(genesis, null, 2) + '\n')
  return genesis
}

async function cmdInit(f: Flags): Promise<number> {
  const app = str(f, 'app', 'kv')
  if (app !== 'kv' && app !== 'pb') throw new ConfigError('--app must be pb or kv')
  const election = str(f, 'leader-election', 'reputation') as LeaderElection
  if (!LEADER_ELECTIONS.includes(election))
    throw new ConfigError(`--leader-election must be one of ${LEADER_ELECTIONS.join(', ')}`)
  const g = initCluster({
    replicas: int(f, 'replicas'),
    dir: str(f, 'dir'),
    basePort: int(f, 'base-port'),
    app,
    host: str(f, 'host', '127.0.0.1'),
    leaderElection: election,
  })
  process.stdout.write(
    `initialised chain ${g.chainId}: ${g.replicas.length} replicas, quorum ${g.quorum}, app ${app}, in ${str(f, 'dir')}\n`
  )
  return 0
}

// ── run ──

async function cmdRun(f: Flags): Promise<number> {
  const { ReplicaNode, StartupRefusal } = await import('../node/replica_node.js')
  let loaded
  try {
    loaded = loadReplicaConfig(str(f, 'config'))
  } catch (e) {
    process.stderr.write(`ledger-node run: ${(e as Error).message}\n`)
    return 2
  }
  const node = new ReplicaNode(loaded)
  // Optional CPU profile of this replica (LEDGER_CPU_PROFILE_DIR), written on clean shutdown.
  let writeProfile: () => Promise<void> = async () => {}
  if (process.env.LEDGER_CPU_PROFILE_DIR) {
    const inspector = await import('node:inspector')
    const session = new inspector.Session()
    session.connect()
    const post = (m: string, p?: object) =>
      new Promise<any>((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))))
    await post('Profiler.enable')
    await post('Profiler.start')
    writeProfile = async () => {
      const { profile } = await post('Profiler.stop')
      fs.mkdirSync(process.env.LEDGER_CPU_PROFILE_DIR!, { recursive: true })
      fs.writeFileSync(
        path.join(
          process.env.LEDGER_CPU_PROFILE_DIR!,
          `replica-${loaded.config.index}-${process.pid}.cpuprofile`
        ),
        JSON.stringify(profile)
      )
    }
  }
  try {
    await node.start()
  } catch (e) {
    if (e instanceof StartupRefusal) {
      process.stderr.write(`ledger-node run (replica ${loaded.config.index}): ${e.message}\n`)
      return 3
    }
    throw e
  }
  return new Promise<number>((resolve) => {
    let stopping = false
    const stop = (sig: string) => {
      if (stopping) return
      stopping = true
      process.stderr.write(`[replica ${loaded.config.index}] ${sig}: shutting down\n`)
      node
        .stop()
        .then(writeProfile)
        .then(
          () => resolve(0),
          (e) => {
            process.stderr.write(`shutdown error: ${(e as Error).message}\n`)
            resolve(1)
          }
        )
    }
    process.on('SIGTERM', () => stop('SIGTERM'))
    process.on('SIGINT', () => stop('SIGINT'))
  })
}

// ── cluster ──

export function spawnReplica(
  configPath: string,
  extraEnv: Record<string, string> = {},
  stdio: 'pipe' | 'inherit' = 'pipe'
): ChildProcess {
  return spawn(process.execPath, [BIN_PATH, 'run', '--config', configPath], {
    stdio: ['ignore', stdio, stdio],
    env: { ...process.env, ...extraEnv },
  })
}

async function cmdCluster(f: Flags): Promise<number> {
  const dir = str(f, 'dir')
  const n = int(f, 'replicas', 4)
  const app = str(f, 'app', 'kv')
  if (app !== 'kv' && app !== 'pb') throw new ConfigError('--app must be pb or kv')
  const genesisPath = path.join(dir, 'genesis.json')
  if (!fs.existsSync(genesisPath)) {
    initCluster({
      replicas: n,
      dir,
      basePort: int(f, 'base-port'),
      app,
      host: str(f, 'host', '127.0.0.1'),
    })
    process.stdout.write(`initialised ${dir}\n`)
  } else {
    const g = parseGenesis(fs.readFileSync(genesisPath, 'utf8'))
    if (g.replicas.length !== n)
      throw new ConfigError(`${genesisPath} has ${g.replicas.length} replicas, not ${n}`)
    if ((g.app ?? 'kv') !== app && f.app !== undefined)
      throw new ConfigError(`${genesisPath} runs app ${g.app ?? 'kv'}, not ${app}`)
  }
  const children: ChildProcess[] = []
  let live = n
  let failed = false
  let stopping = false
  const done = new Promise<void>((resolve) => {
    for (let i = 0; i < n; i++) {
      const c = spawnReplica(path.join(dir, `replica-${i}`, 'config.json'))
      const prefix = (s: NodeJS.WritableStream) => (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n'))
          if (line) s.write(line.startsWith('[replica') ? line + '\n' : `[replica ${i}] ${line}\n`)
      }
      c.stdout!.on('data', prefix(process.stdout))
      c.stderr!.on('data', prefix(process.stderr))
      c.on('exit', (code, sig) => {
        live--
        if (!stopping) {
          failed = true
          process.stderr.write(
            `cluster: replica ${i} exited (${sig ?? `code ${code}`}); it is NOT restarted automatically\n`
          )
        }
        if (live === 0) resolve()
      })
      children.push(c)
    }
  })
  const forward = (sig: NodeJS.Signals) => {
    stopping = true
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(sig)
  }
  process.on('SIGTERM', () => forward('SIGTERM'))
  process.on('SIGINT', () => forward('SIGTERM'))
  await done
  return failed ? 1 : 0
}

// ── verify-receipt ──

async function cmdVerifyReceipt(f: Flags): Promise<number> {
  const file = f._[0]
  if (!file) throw new ConfigError('missing RECEIPT.json')
  let genesis: Genesis
  let receipt: unknown
  try {
    genesis = parseGenesis(fs.readFileSync(str(f, 'genesis'), 'utf8'))
  } catch (e) {
    process.stderr.write(`invalid genesis: ${(e as Error).message}\n`)
    return 2
  }
  try {
    receipt = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (e) {
    process.stderr.write(`invalid receipt file: ${(e as Error).message}\n`)
    return 2
  }
  // A receipt may be given bare or wrapped ({receipt: …} as GET /txs/:hash answers).
  if (receipt && typeof receipt === 'object' && 'receipt' in receipt && !('tx' in receipt))
    receipt = (receipt as { receipt: unknown }).receipt
  const r = verifyReceipt(receipt, genesis)
  if (!r.ok) {
    process.stderr.write(`receipt INVALID: ${r.reason}\n`)
    return 1
  }
  process.stdout.write(
    `receipt valid: tx ${r.txHash} committed at height ${r.height} of chain ${genesis.chainId}\n`
  )
  return 0
}

// ── main ──

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  try {
    switch (cmd) {
      case 'init':
        return await cmdInit(parseFlags(rest))
      case 'run':
        return await cmdRun(parseFlags(rest))
      case 'cluster':
        return await cmdCluster(parseFlags(rest))
      case 'simulate': {
        const { runSimulateCommand } = await import('./simulate.js')
        return await runSimulateCommand(rest)
      }
      case 'mutants': {
        const { runMutantsCommand } = await import('./mutants.js')
        return await runMutantsCommand(rest)
      }
      case 'verify-receipt':
        return await cmdVerifyReceipt(parseFlags(rest))
      case 'bench': {
        const { runBench } = await import('./bench.js')
        return await runBench(parseFlags(rest))
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE + '\n')
        return cmd === undefined ? 2 : 0
      default:
        process.stderr.write(`unknown command ${cmd}\n${USAGE}\n`)
        return 2
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`ledger-node ${cmd}: ${e.message}\n`)
      return 2
    }
    throw e
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => process.exit(code))
}
