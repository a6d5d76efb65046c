// `ledger-node bench`: a local 4-replica cluster (real processes, RocksDB, loopback TCP), kv txs submitted
// to every replica over HTTP, one run per block size; prints committed tx/s and p50/p99 commit latency
// (submission → the block holding the tx is committed on replica 0). With --app pb (or both) it also
// measures ballots/s with real Ed25519 signatures and BLS credentials, for `--pb-seconds` (default 20) of
// steady load. Txs go in as CBOR bodies (`Content-Type: application/cbor`; `--body json` for the JSON form).
// `--cpu-prof DIR` writes a V8 CPU profile of every replica (DIR/<run>/replica-I-PID.cpuprofile).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createHash } from 'node:crypto'
import type { ChildProcess } from 'node:child_process'
import { initCluster, spawnReplica } from './main.js'
import { encodeBstrArray, encodeKvTx } from '../app/kv.js'
import { ed25519PublicKey } from '../app/pb/codec.js'
import {
  makeRegistrar,
  demoCampaign,
  campaignTx,
  makeVoter,
  ballotTx,
  DEMO_CHOICES,
} from '../app/pb/fixtures.js'
import { fromHex } from '../crypto/hash.js'
import { measureCryptoBound } from './crypto_bound.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const hashB64 = (b64: string) =>
  createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex')

interface Flags {
  [k: string]: string | boolean | string[]
}

interface RunResult {
  label: string
  blockTxsMax: number
  committed: number
  seconds: number
  tps: number
  p50: number
  p99: number
  blocks: number
  cpu: string
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function startCluster(
  app: 'kv' | 'pb',
  basePort: number,
  consensus: Record<string, number>,
  profileDir: string | null
): Promise<{ dir: string; procs: ChildProcess[]; url: (i: number, p: string) => string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'))
  initCluster({ replicas: 4, dir, basePort, app, host: '127.0.0.1', consensus })
  const env: Record<string, string> = profileDir ? { LEDGER_CPU_PROFILE_DIR: profileDir } : {}
  const procs = [0, 1, 2, 3].map((i) => {
    const p = spawnReplica(path.join(dir, `replica-${i}`, 'config.json'), env)
    if (process.env.KEEP_BENCH_DIRS)
      p.stderr!.on('data', (d: Buffer) => fs.appendFileSync(path.join(dir, `replica-${i}.log`), d))
    p.stdout!.resume()
    p.stderr!.on('data', (d: Buffer) => {
      if (/FATAL|ALARM/.test(d.toString())) process.stderr.write(d)
    })
    return p
  })
  const url = (i: number, p: string) => `http://127.0.0.1:${basePort + 100 + i}${p}`
  const end = Date.now() + 30_000
  for (;;) {
    const ok = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        fetch(url(i, '/status'))
          .then((r) => r.json() as Promise<{ peersConnected: number }>)
          .then((s) => s.peersConnected === 3)
          .catch(() => false)
      )
    )
    if (ok.every(Boolean)) break
    if (Date.now() > end) throw new Error('bench cluster did not start')
    await sleep(100)
  }
  return { dir, procs, url }
}

/** JIT warm-up and connection set-up: a few small blocks before measuring. Returns the committed height. */
async function warmUp(c: { url: (i: number, p: string) => string }): Promise<number> {
  const run = Math.random().toString(36).slice(2, 8)
  for (let round = 0; round < 3; round++) {
    const txs: string[] = []
    for (let i = 0; i < 300; i++)
      txs.push(
        Buffer.from(encodeKvTx(`w${run}-${round}-${i}`, Buffer.from('w'))).toString('base64')
      )
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        fetch(c.url(i, '/txs'), { method: 'POST', body: JSON.stringify({ txs }) }).then((r) =>
          r.arrayBuffer()
        )
      )
    )
  }
  for (let k = 0; k < 300; k++) {
    const s = (await (await fetch(c.url(0, '/status'))).json()) as {
      committedHeight: number
      mempool: number
    }
    if (s.mempool === 0 && s.committedHeight > 0) return s.committedHeight
    await sleep(100)
  }
  throw new Error('bench warm-up did not commit')
}

async function stopCluster(c: { dir: string; procs: ChildProcess[] }): Promise<void> {
  await Promise.all(
    c.procs.map(
      (p) =>
        new Promise<void>((r) => {
          if (p.exitCode !== null) return r()
          p.once('exit', () => r())
          p.kill('SIGTERM')
          setTimeout(() => p.kill('SIGKILL'), 5000)
        })
    )
  )
  if (!process.env.KEEP_BENCH_DIRS) fs.rmSync(c.dir, { recursive: true, force: true })
}

/** A bench load: each tx as bytes (sent) and as base64 (how GET /blocks lists it). */
interface Load {
  raw: Uint8Array[]
  b64: string[]
}

function loadOf(raw: Uint8Array[]): Load {
  return { raw, b64: raw.map((t) => Buffer.from(t).toString('base64')) }
}

/** One POST /txs body: CBOR `[bstr…]` or JSON `{txs: [base64]}`. */
function txsBody(load: Load, from: number, to: number, cbor: boolean): RequestInit {
  return cbor
    ? {
        method: 'POST',
        headers: { 'content-type': 'application/cbor' },
        body: encodeBstrArray(load.raw.slice(from, to)),
      }
    : { method: 'POST', body: JSON.stringify({ txs: load.b64.slice(from, to) }) }
}

/** Drives pre-built txs into the cluster and follows replica 0's committed chain. */
async function drive(
  c: { url: (i: number, p: string) => string; procs: ChildProcess[] },
  load: Load,
  cbor: boolean,
  postBatch: number,
  seconds: number,
  inflightTxsMax: number,
  startHeight: number,
  rateTps = 0
): Promise<{ committed: number; seconds: number; lat: number[]; blocks: number }> {
  const submittedAt = new Map<string, number>()
  const lat: number[] = []
  let next = 0
  let committed = 0
  let blocks = 0
  let height = startHeight
  let stop = false
  const t0 = Date.now()
  let firstCommitAt = 0
  let lastCommitAt = 0
  let txBlocks = 0
  let inflight = 0
  let outstanding = 0
  const txs = load.b64
  const submitter = async () => {
    while (!stop && next < txs.length) {
      if (inflight > inflightTxsMax) {
        await sleep(5)
        continue
      }
      if (rateTps > 0) {
        // Paced (open-loop) load: `next` txs are due at t0 + next / rate.
        const due = t0 + (next / rateTps) * 1000
        if (Date.now() < due) {
          await sleep(due - Date.now())
          continue
        }
      }
      const part = txs.slice(next, next + postBatch)
      const init = txsBody(load, next, next + part.length, cbor)
      next += part.length
      const now = Date.now()
      for (const t of part) submittedAt.set(t, now) // keyed by the base64 text itself: no hashing in the client
      inflight += part.length
      const posted = Promise.all(
        [0, 1, 2, 3].map((i) =>
          fetch(c.url(i, '/txs'), init)
            .then((r) => r.arrayBuffer())
            .catch(() => null)
        )
      )
      if (rateTps > 0 && outstanding < 32) {
        // Open loop: do not wait for the answer (bounded number of outstanding requests).
        outstanding++
        void posted.then(() => outstanding--)
      } else await posted
    }
  }
  const follower = async () => {
    while (!stop) {
      try {
        const r = (await (
          await fetch(c.url(0, `/blocks?from=${height + 1}&limit=100`))
        ).json()) as { blocks: { height: number; txs: string[] }[] }
        const now = Date.now()
        for (const b of r.blocks) {
          height = b.height
          blocks++
          for (const t of b.txs) {
            const s = submittedAt.get(t)
            if (s !== undefined) {
              lat.push(now - s)
              submittedAt.delete(t)
            }
          }
          if (b.txs.length > 0) {
            txBlocks++
            if (firstCommitAt === 0) firstCommitAt = now
            lastCommitAt = now
            committed += b.txs.length
            inflight -= b.txs.length
          }
        }
        if (r.blocks.length === 100) continue
      } catch {
        /* retry */
      }
      await sleep(20)
    }
  }
  const cpu0 = process.cpuUsage()
  const subs = rateTps > 0 ? [submitter()] : [submitter(), submitter(), submitter()]
  const fol = follower()
  await sleep(seconds * 1000)
  stop = true
  await Promise.all([...subs, fol])
  const cpu = process.cpuUsage(cpu0)
  process.stdout.write(
    `  (bench client CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`
  )
  // The rate runs from the first to the last commit (the pipeline fill is not load); with a single
  // non-empty block in the window that span is zero, so it runs from the first submission instead.
  const from = txBlocks >= 2 ? firstCommitAt : t0
  if (txBlocks === 1)
    process.stdout.write('  (one non-empty block in the window: rate from the first submission)\n')
  return { committed, seconds: Math.max(0.001, (lastCommitAt - from) / 1000), lat, blocks }
}

/** Per-replica CPU seconds (user + system) from /proc; empty when unavailable. */
function cpuSecondsOf(procs: ChildProcess[]): number[] {
  try {
    return procs.map((p) => {
      const stat = fs.readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(' ')
      return (Number(stat[13]) + Number(stat[14])) / 100
    })
  } catch {
    return []
  }
}

/** Mean replica CPU µs per committed tx between two cpuSecondsOf samples. */
function cpuPerTx(before: number[], after: number[], committed: number): string {
  if (before.length === 0 || after.length !== before.length || committed === 0) return '?'
  const mean = after.reduce((s, a, i) => s + (a - before[i]!), 0) / after.length
  return `${((mean * 1e6) / committed).toFixed(0)}`
}

function cpuOf(procs: ChildProcess[]): string {
  try {
    return procs
      .map((p) => {
        const stat = fs.readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(' ')
        return ((Number(stat[13]) + Number(stat[14])) / 100).toFixed(1)
      })
      .join('/')
  } catch {
    return '?'
  }
}

export async function runBench(f: Flags): Promise<number> {
  const seconds = Number(f.seconds ?? 10)
  const sizes = String(f['batch-sizes'] ?? '500,1000,2000')
    .split(',')
    .map(Number)
  const app = String(f.app ?? 'both')
  const basePort = Number(f['base-port'] ?? 24000)
  const cbor = String(f.body ?? 'cbor') !== 'json'
  const profileRoot = typeof f['cpu-prof'] === 'string' ? path.resolve(f['cpu-prof']) : null
  const profileDir = (run: string) => (profileRoot ? path.join(profileRoot, run) : null)
  const results: RunResult[] = []
  process.stdout.write(
    `bench: 4 replicas on loopback, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}\n`
  )
  if (app === 'kv' || app === 'both') {
    for (const size of sizes) {
      // Build the load before the cluster starts so that tx generation does not compete with it.
      const n = Math.ceil(seconds * Number(f['offered-tps'] ?? 20_000))
      const run = Math.random().toString(36).slice(2, 8)
      const raw: Uint8Array[] = []
      for (let i = 0; i < n; i++) raw.push(encodeKvTx(`b${run}-${i}`, Buffer.from('value-' + i)))
      const load = loadOf(raw)
      const c = await startCluster(
        'kv',
        basePort,
        {
          blockTxsMax: size,
          mempoolTxsMax: Math.max(50_000, size * 8),
          timeoutMsBase: 4000,
          timeoutMsMax: 20_000,
        },
        profileDir(`kv-${size}`)
      )
      try {
        const h0 = await warmUp(c)
        const rate = Number(f.rate ?? 0)
        const cpuBefore = cpuSecondsOf(c.procs)
        const r = await drive(
          c,
          load,
          cbor,
          rate > 0 ? Math.max(50, Math.floor(rate / 20)) : Math.min(size, 4000),
          seconds,
          rate > 0 ? Infinity : size * 6,
          h0,
          rate
        )
        const lat = r.lat.sort((a, b) => a - b)
        results.push({
          label: 'kv',
          blockTxsMax: size,
          committed: r.committed,
          seconds: r.seconds,
          tps: r.committed / r.seconds,
          p50: pct(lat, 50),
          p99: pct(lat, 99),
          blocks: r.blocks,
          cpu: cpuOf(c.procs),
        })
        const perTx = cpuPerTx(cpuBefore, cpuSecondsOf(c.procs), r.committed)
        const x = results[results.length - 1]!
        process.stdout.write(
          `kv  blockTxsMax=${size}${rate > 0 ? ` offered ${rate} tx/s` : ' saturated'}: ${x.committed} txs in ${x.seconds.toFixed(1)} s = ${x.tps.toFixed(0)} tx/s, latency p50 ${x.p50} ms p99 ${x.p99} ms, ${x.blocks} blocks, replica CPU s ${x.cpu}, replica CPU per committed tx ${perTx} µs (mean of the replicas, measured window)\n`
        )
      } finally {
        await stopCluster(c)
      }
    }
  }
  if (app === 'pb' || app === 'both') {
    const size = Number(f['pb-block-size'] ?? 1000)
    const pbSeconds = Number(f['pb-seconds'] ?? 20)
    // Enough ballots for the whole window even at the 2-core crypto bound (~1,000/s): a steady state.
    const n = Number(f.ballots ?? Math.max(6000, Math.ceil(pbSeconds * 1000)))
    const reg = makeRegistrar()
    const tg = Date.now()
    const raw: Uint8Array[] = []
    for (let i = 0; i < n; i++) raw.push(ballotTx(reg.sk, 1, makeVoter(), DEMO_CHOICES).tx)
    const load = loadOf(raw)
    process.stdout.write(
      `pb: signed ${n} ballots (Ed25519 + BLS credential) in ${((Date.now() - tg) / 1000).toFixed(1)} s\n`
    )
    // Measured in this run, before the cluster starts (so the figure is this machine's, unloaded by it).
    const bound = measureCryptoBound(raw.slice(0, 2048), reg.pk, 4)
    process.stdout.write(
      `pb: crypto bound ${bound.ballotsPerSecond.toFixed(0)} ballots/s (per ballot: Ed25519 ${bound.ed25519Us.toFixed(0)} µs + batched BLS credential ${bound.credentialUs.toFixed(0)} µs, × 4 replicas on ${bound.cores} cores)\n`
    )
    const c = await startCluster(
      'pb',
      basePort,
      { blockTxsMax: size, timeoutMsBase: 4000, timeoutMsMax: 20_000 },
      profileDir('pb')
    )
    try {
      const seed = fromHex(fs.readFileSync(path.join(c.dir, 'admin.key'), 'utf8').trim())
      const camp = Buffer.from(
        campaignTx({ seed, publicKey: ed25519PublicKey(seed) }, demoCampaign(1, reg.pk))
      ).toString('base64')
      await Promise.all(
        [0, 1, 2, 3].map((i) =>
          fetch(c.url(i, '/txs'), { method: 'POST', body: JSON.stringify({ txs: [camp] }) })
        )
      )
      const campHash = hashB64(camp)
      for (let k = 0; k < 200; k++) {
        const s = (await (await fetch(c.url(0, `/txs/${campHash}`))).json()) as {
          status: string
          height?: number
        }
        if (s.status === 'committed') break
        await sleep(100)
      }
      const h0 = ((await (await fetch(c.url(0, '/status'))).json()) as { committedHeight: number })
        .committedHeight
      const cpuBefore = cpuSecondsOf(c.procs)
      const r = await drive(c, load, cbor, 200, pbSeconds, Number(f['pb-inflight'] ?? 4000), h0)
      const perTx = cpuPerTx(cpuBefore, cpuSecondsOf(c.procs), r.committed)
      const lat = r.lat.sort((a, b) => a - b)
      const x: RunResult = {
        label: 'pb',
        blockTxsMax: size,
        committed: r.committed,
        seconds: r.seconds,
        tps: r.committed / r.seconds,
        p50: pct(lat, 50),
        p99: pct(lat, 99),
        blocks: r.blocks,
        cpu: cpuOf(c.procs),
      }
      results.push(x)
      process.stdout.write(
        `pb  blockTxsMax=${size}: ${x.committed} ballots in ${x.seconds.toFixed(1)} s = ${x.tps.toFixed(0)} ballots/s = ${((100 * x.tps) / bound.ballotsPerSecond).toFixed(0)}% of the crypto bound (${bound.ballotsPerSecond.toFixed(0)}/s), latency p50 ${x.p50} ms p99 ${x.p99} ms, ${x.blocks} blocks, replica CPU s ${x.cpu}, replica CPU per committed ballot ${perTx} µs (mean of the replicas; the signature checks alone: ${(bound.ed25519Us + bound.credentialUs).toFixed(0)} µs)\n`
      )
      const m = await (await fetch(c.url(0, '/metrics'))).text()
      process.stdout.write(
        m
          .split('\n')
          .filter((l) => /^ledger_(verify|app_verify|core|persist)_/.test(l))
          .join('\n') + '\n'
      )
    } finally {
      await stopCluster(c)
    }
  }
  process.stdout.write('\nsummary\n')
  for (const x of results)
    process.stdout.write(
      `${x.label.padEnd(3)} block ${String(x.blockTxsMax).padStart(5)}  ${x.tps.toFixed(0).padStart(7)} tx/s  p50 ${String(x.p50).padStart(6)} ms  p99 ${String(x.p99).padStart(6)} ms\n`
    )
  return 0
}
