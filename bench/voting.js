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
*/
import { generateKeyPairSync, sign, verify } from 'node:crypto'
import { cpus } from 'node:os'
import blst from '@chainsafe/blst'
import { Stack, cpuSeconds, percentile, vote } from './stack.js'

const RATE = Number(process.env.BENCH_RATE ?? 250)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)
const SATURATE = Number(process.env.BENCH_SATURATE ?? 8000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 400)
const WARMUP = 300

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const fmt = (n, digits = 0) => n.toFixed(digits)

function cpuSnapshot(stack) {
  const own = process.cpuUsage()
  return {
    app: stack.app ? cpuSeconds(stack.app.pid) : 0,
    replicas: stack.replicaPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    loadgen: (own.user + own.system) / 1e6,
  }
}

function cpuDelta(a, b) {
  return { app: b.app - a.app, replicas: b.replicas - a.replicas, loadgen: b.loadgen - a.loadgen }
}

async function openLoop(stack, campaignId, items, rate) {
  const results = []
  const started = performance.now()
  await Promise.all(
    items.map(async (item, i) => {
      const due = started + (i * 1000) / rate
      await sleep(Math.max(0, due - performance.now()))
      results.push(await vote(stack.baseUrl, campaignId, item))
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
        const item = items[next++]
        results.push(await vote(stack.baseUrl, campaignId, item))
      }
    })
  )
  return { results, seconds: (performance.now() - started) / 1000 }
}

function summarize(name, { results, seconds }, cpu) {
  const committed = results.filter((r) => r.outcome === 'committed')
  const failed = results.filter((r) => r.outcome !== 'committed')
  const ms = committed.map((r) => r.ms).sort((a, b) => a - b)
  const pending = committed.filter((r) => r.status === 202).length
  console.log(
    `${name}: ${committed.length}/${results.length} committed in ${fmt(seconds, 1)} s = ` +
      `${fmt(committed.length / seconds)} ballots/s; receipt latency p50 ${fmt(percentile(ms, 50))} ms, ` +
      `p99 ${fmt(percentile(ms, 99))} ms, max ${fmt(ms.at(-1) ?? NaN)} ms; ${pending} answered 202 first`
  )
  console.log(
    `  CPU seconds: app ${fmt(cpu.app, 1)}, 4 replicas ${fmt(cpu.replicas, 1)}, load generator ` +
      `${fmt(cpu.loadgen, 1)} (machine: ${cpus().length} cores × ${fmt(seconds, 1)} s = ` +
      `${fmt(cpus().length * seconds, 1)})`
  )
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

async function main() {
  const stack = new Stack({
    basePort: Number(process.env.BENCH_LEDGER_PORT ?? 26000),
    appPort: Number(process.env.BENCH_APP_PORT ?? 3390),
    database: process.env.BENCH_DATABASE ?? 'civic_budget_bench',
  })
  try {
    console.log('bench:voting — starting 4 replicas, a fresh database and the app …')
    await stack.start()
    const campaignId = await stack.votingCampaignOnLedger()
    const total = WARMUP + RATE * SECONDS + SATURATE
    const mintStarted = performance.now()
    const items = stack.mintBallots(campaignId, total)
    console.log(`minted ${total} ballots in ${fmt((performance.now() - mintStarted) / 1000, 1)} s`)

    await closedLoop(stack, campaignId, items.slice(0, WARMUP), 32)
    let before = cpuSnapshot(stack)
    const fixed = await openLoop(
      stack,
      campaignId,
      items.slice(WARMUP, WARMUP + RATE * SECONDS),
      RATE
    )
    summarize(
      `offered ${RATE} ballots/s for ${SECONDS} s`,
      fixed,
      cpuDelta(before, cpuSnapshot(stack))
    )

    before = cpuSnapshot(stack)
    const saturated = await closedLoop(
      stack,
      campaignId,
      items.slice(WARMUP + RATE * SECONDS),
      CONCURRENCY
    )
    const cpu = cpuDelta(before, cpuSnapshot(stack))
    const rate = summarize(`saturation, ${CONCURRENCY} concurrent voters`, saturated, cpu)

    const { edUs, blsUs } = cryptoCosts()
    const perBallotUs = 5 * (edUs + blsUs) // the app and each of the 4 replicas verify both
    const limit = (cpus().length * 1e6) / perBallotUs
    console.log(
      `crypto: Ed25519 verify ${fmt(edUs, 1)} µs, credential (blst batch of 256) ${fmt(blsUs, 1)} µs per ballot; ` +
        `app + 4 replicas verify each ballot ⇒ ${fmt(perBallotUs)} µs CPU per ballot ⇒ crypto limit ` +
        `${fmt(limit)} ballots/s on ${cpus().length} cores; reached ${fmt((100 * rate) / limit, 1)}%`
    )
  } catch (error) {
    console.error(error.stack ?? error)
    console.error(stack.tail())
    process.exitCode = 1
  } finally {
    await stack.stop()
  }
}

main()
