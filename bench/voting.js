#!/usr/bin/env node
/*
| `npm run bench:voting`: simulated voters against the full stack on this machine — four ledger
| replicas (pb app, RocksDB), PostgreSQL, the AdonisJS server — over HTTP with real keys, real
| credentials and real signatures (minted beforehand by `node ace voting:mint-ballots`: the bench
| measures ballot intake, not credential issuance).
|
| Phases: warm-up; a fixed offered rate (BENCH_RATE, default 250 ballots/s) for BENCH_SECONDS
| (default 20) → p50/p99 receipt latency; saturation (BENCH_SATURATE ballots, default 8000, with
| BENCH_CONCURRENCY clients) → committed ballots/s. Prints the CPU split (app vs replicas vs this
| load generator) and the share of the machine's crypto limit reached, with the verify costs
| measured in the same run. BENCH_LEDGER_PORT (default 26000), BENCH_APP_PORT (3390) and
| BENCH_DATABASE (civic_budget_bench, dropped and recreated) keep parallel runs apart.
|
| Options (after `npm run bench:voting --`): `--offered <rate>` and `--seconds <s>` (the fixed-rate
| phase), `--saturate <n>` and `--concurrency <n>` (the saturation phase; `--saturate 0` skips it),
| `--app-nodes <n>` (n app processes on one PostgreSQL and one set of replicas; voters spread over
| them round-robin), `--dev` (the development server from the sources instead of the production
| build a city runs — bench/production_app.js builds it when the sources are newer), `--cpu-prof <dir>` (V8 CPU profiles of app 0 and replica 0, written when the
| run ends; summarize with `node bench/profile_summary.js <file>`).
|
| Latency is reported twice: from the voter's first attempt (including 503 retries) and from the
| attempt that was admitted (what bounded admission promises). At the end the ledger's own tally
| must equal the receipts handed out (nothing lost, nothing counted twice).
*/
import { generateKeyPairSync, sign, verify } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { cpus } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import blst from '@chainsafe/blst'
import { ensureBuild } from './production_app.js'
import { benchStack, runBench, cpuSeconds, percentile, vote } from './stack.js'

const { values: args } = parseArgs({
  options: {
    'offered': { type: 'string' },
    'seconds': { type: 'string' },
    'saturate': { type: 'string' },
    'concurrency': { type: 'string' },
    'app-nodes': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'dev': { type: 'boolean' },
  },
})
const RATE = Number(args.offered ?? process.env.BENCH_RATE ?? 250)
const SECONDS = Number(args.seconds ?? process.env.BENCH_SECONDS ?? 20)
const SATURATE = Number(args.saturate ?? process.env.BENCH_SATURATE ?? 8000)
const CONCURRENCY = Number(args.concurrency ?? process.env.BENCH_CONCURRENCY ?? 400)
const APP_NODES = Number(args['app-nodes'] ?? 1)
const CPU_PROF = args['cpu-prof'] ? resolve(args['cpu-prof']) : null
const PRODUCTION = !args.dev
const WARMUP = 300

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const fmt = (n, digits = 0) => n.toFixed(digits)

function cpuSnapshot(stack) {
  const own = process.cpuUsage()
  return {
    app: stack.appPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    replicas: stack.replicaPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    loadgen: (own.user + own.system) / 1e6,
  }
}

function cpuDelta(a, b) {
  return { app: b.app - a.app, replicas: b.replicas - a.replicas, loadgen: b.loadgen - a.loadgen }
}

/** Voters spread over the app nodes round-robin. */
const nodeUrl = (stack, i) => stack.baseUrls[i % stack.baseUrls.length]

async function openLoop(stack, campaignId, items, rate) {
  const results = []
  const started = performance.now()
  await Promise.all(
    items.map(async (item, i) => {
      const due = started + (i * 1000) / rate
      await sleep(Math.max(0, due - performance.now()))
      results.push(await vote(nodeUrl(stack, i), campaignId, item))
    })
  )
  return { results, seconds: (performance.now() - started) / 1000 }
}

async function closedLoop(stack, campaignId, items, concurrency) {
  const results = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++
        results.push(await vote(nodeUrl(stack, i), campaignId, items[i]))
      }
    })
  )
  return { results, seconds: (performance.now() - started) / 1000 }
}

function summarize(name, { results, seconds }, cpu) {
  const committed = results.filter((r) => r.outcome === 'committed')
  const failed = results.filter((r) => r.outcome !== 'committed')
  const ms = committed.map((r) => r.ms).sort((a, b) => a - b)
  const admitted = committed.map((r) => r.acceptedMs).sort((a, b) => a - b)
  const pending = committed.filter((r) => r.status === 202).length
  const sheds = results.reduce((sum, r) => sum + (r.sheds ?? 0), 0)
  const shedVoters = results.filter((r) => r.sheds > 0).length
  console.log(
    `${name}: ${committed.length}/${results.length} committed in ${fmt(seconds, 1)} s = ` +
      `${fmt(committed.length / seconds)} ballots/s; receipt latency p50 ${fmt(percentile(ms, 50))} ms, ` +
      `p99 ${fmt(percentile(ms, 99))} ms, max ${fmt(ms.at(-1) ?? NaN)} ms; ${pending} answered 202 first`
  )
  console.log(
    `  admitted attempt → receipt: p50 ${fmt(percentile(admitted, 50))} ms, p99 ` +
      `${fmt(percentile(admitted, 99))} ms; ${sheds} answers 503 (to ${shedVoters} voters, retried)`
  )
  console.log(
    `  CPU seconds: app ${fmt(cpu.app, 1)}, 4 replicas ${fmt(cpu.replicas, 1)}, load generator ` +
      `${fmt(cpu.loadgen, 1)} (machine: ${cpus().length} cores × ${fmt(seconds, 1)} s = ` +
      `${fmt(cpus().length * seconds, 1)})`
  )
  if (committed.length > 0) {
    // Per committed ballot: comparable between runs even when other jobs share the machine.
    const per = (seconds) => fmt((1000 * seconds) / committed.length, 2)
    console.log(
      `  CPU ms per committed ballot: app ${per(cpu.app)}, 4 replicas ${per(cpu.replicas)}`
    )
  }
  if (failed.length > 0) {
    const reasons = {}
    for (const r of failed)
      reasons[`${r.status} ${r.error}`] = (reasons[`${r.status} ${r.error}`] ?? 0) + 1
    console.log(`  not committed: ${JSON.stringify(reasons)}`)
  }
  return committed.length / seconds
}

/** Verify costs on this machine, in µs per ballot-signature and per credential (batched). */
function cryptoCosts() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const message = Buffer.alloc(200, 7)
  const signature = sign(null, message, privateKey)
  const n = 2000
  let ok = true
  let t = performance.now()
  for (let i = 0; i < n; i++) ok = verify(null, message, publicKey, signature) && ok
  if (!ok) throw new Error('assertion: Ed25519 self-check failed')
  const edUs = ((performance.now() - t) * 1000) / n
  const sk = blst.SecretKey.fromKeygen(Buffer.alloc(32, 9))
  const pk = sk.toPublicKey()
  const sets = Array.from({ length: 256 }, (_, i) => {
    const msg = Buffer.from(`civic-budget/bench/${i}`)
    return { msg, pk, sig: sk.sign(msg) }
  })
  t = performance.now()
  const rounds = 4
  for (let r = 0; r < rounds; r++) blst.verifyMultipleAggregateSignatures(sets)
  const blsUs = ((performance.now() - t) * 1000) / (rounds * sets.length)
  return { edUs, blsUs }
}

const tallyBallots = async (url, campaignId) =>
  (await (await fetch(`${url}/pb/campaigns/${campaignId}/tally`)).json()).ballots

/** Every replica's own tally counts exactly the receipts handed out (waits for the last blocks). */
async function checkTally(stack, campaignId, receipts) {
  for (const url of stack.replicaUrls()) {
    let ballots = -1
    for (let i = 0; i < 20 && ballots !== receipts; i++) {
      if (i > 0) await sleep(500)
      ballots = await tallyBallots(url, campaignId)
    }
    console.log(`tally at ${url}: ${ballots} ballots, ${receipts} receipts handed out`)
    if (ballots !== receipts) {
      console.error('MISMATCH: the ledger does not count exactly the receipts handed out')
      process.exitCode = 1
    }
  }
}

async function main() {
  if (CPU_PROF) mkdirSync(CPU_PROF, { recursive: true })
  if (PRODUCTION) ensureBuild()
  const stack = benchStack({
    basePort: 26000,
    appPort: 3390,
    database: 'civic_budget_bench',
    appNodes: APP_NODES,
    cpuProfDir: CPU_PROF,
    production: PRODUCTION,
  })
  let committedTotal = 0
  await runBench(stack, async () => {
    console.log(
      `bench:voting — starting 4 replicas, a fresh database and ${APP_NODES} app node(s)` +
        (PRODUCTION ? ' from the production build …' : ' (development server) …')
    )
    await stack.start()
    const campaignId = await stack.votingCampaignOnLedger()
    const seeded = await tallyBallots(stack.replicaUrls()[0], campaignId)
    const total = WARMUP + RATE * SECONDS + SATURATE
    const mintStarted = performance.now()
    const items = stack.mintBallots(campaignId, total)
    console.log(`minted ${total} ballots in ${fmt((performance.now() - mintStarted) / 1000, 1)} s`)

    const warm = await closedLoop(stack, campaignId, items.slice(0, WARMUP), 32)
    committedTotal += warm.results.filter((r) => r.outcome === 'committed').length
    let before = cpuSnapshot(stack)
    const fixed = await openLoop(
      stack,
      campaignId,
      items.slice(WARMUP, WARMUP + RATE * SECONDS),
      RATE
    )
    committedTotal += fixed.results.filter((r) => r.outcome === 'committed').length
    summarize(
      `offered ${RATE} ballots/s for ${SECONDS} s`,
      fixed,
      cpuDelta(before, cpuSnapshot(stack))
    )

    let rate = NaN
    if (SATURATE > 0) {
      before = cpuSnapshot(stack)
      const saturated = await closedLoop(
        stack,
        campaignId,
        items.slice(WARMUP + RATE * SECONDS),
        CONCURRENCY
      )
      committedTotal += saturated.results.filter((r) => r.outcome === 'committed').length
      const cpu = cpuDelta(before, cpuSnapshot(stack))
      rate = summarize(`saturation, ${CONCURRENCY} concurrent voters`, saturated, cpu)
    }

    const { edUs, blsUs } = cryptoCosts()
    const perBallotUs = 5 * (edUs + blsUs) // the app and each of the 4 replicas verify both
    const limit = (cpus().length * 1e6) / perBallotUs
    console.log(
      `crypto: Ed25519 verify ${fmt(edUs, 1)} µs, credential (blst batch of 256) ${fmt(blsUs, 1)} µs per ballot; ` +
        `app + 4 replicas verify each ballot ⇒ ${fmt(perBallotUs)} µs CPU per ballot ⇒ crypto limit ` +
        `${fmt(limit)} ballots/s on ${cpus().length} cores; reached ${fmt((100 * rate) / limit, 1)}%`
    )
    await checkTally(stack, campaignId, seeded + committedTotal)
  })
}

main()
