#!/usr/bin/env node
/*
| `npm run bench:web`: the public pages and the results API on voting night, in production mode —
| the built app (`node ace build` into `build/` when it is missing, or always with BENCH_BUILD=1)
| run with NODE_ENV=production, four ledger replicas and a fresh database (bench/stack.js) seeded
| with the development demo city, the real Pabulib instance Poznań 2023 (Stare Miasto) imported
| as a finished campaign with its published outcome, and ballots voted through the ledger into
| the demo campaign in voting.
|
| Load: an open-loop generator (requests start on a fixed schedule whatever the answers do, so a
| slow server cannot slow the offered rate down; latency is measured from each request's
| scheduled start, so queueing counts) over keep-alive connections, with a browser's headers
| (Accept-Encoding: gzip, deflate, br; Accept-Language: ru). Per campaign and endpoint it offers
| each rate for BENCH_SECONDS and prints the achieved rate (2xx answers per second) and p50/p99.
| Meanwhile BENCH_VOTE_RATE ballots/s (default 5) keep arriving in the voting campaign, so new
| blocks are projected and the results cache is invalidated as on a real voting night.
|
| Settings: BENCH_API_RATES (default 1000,2000,3000), BENCH_PAGE_RATES (100,200,300),
| BENCH_SECONDS (8), BENCH_BALLOTS (300 voted before the load), BENCH_CPU_PROF=1 (the app runs
| with --cpu-prof; its profile's top functions by self time are printed), BENCH_LEDGER_PORT
| (26400), BENCH_APP_PORT (3391), BENCH_DATABASE (civic_budget_bench_web, dropped and recreated).
*/
import http from 'node:http'
import { cpus } from 'node:os'
import { ensureBuild, startProductionApp, stopAndSummarize } from './production_app.js'
import { benchStack, runBench, cpuSeconds, percentile, vote } from './stack.js'

const list = (value, fallback) => (value ?? fallback).split(',').filter(Boolean).map(Number)
const API_RATES = list(process.env.BENCH_API_RATES, '1000,2000,3000')
const PAGE_RATES = list(process.env.BENCH_PAGE_RATES, '100,200,300')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 300)
const VOTE_RATE = Number(process.env.BENCH_VOTE_RATE ?? 5)
const TIMEOUT_MS = 10_000
const PABULIB = 'tests/fixtures/pabulib/Poland_Poznan_2023_9_-_Stare_Miasto.pb'
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br', 'accept-language': 'ru' }

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–')

function importPabulib(stack) {
  const out = stack.ace(['pabulib:import', PABULIB, '--community', 'riverside'])
  const match = /campaign (\d+) \((\S+)\): (\d+) projects, (\d+) ballots/.exec(out)
  if (!match) throw new Error(`unexpected pabulib:import output: ${out}`)
  return { id: Number(match[1]), slug: match[2], projects: match[3], ballots: match[4] }
}

async function voteAll(stack, campaignId, items, concurrency) {
  let next = 0
  let committed = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const result = await vote(stack.baseUrl, campaignId, items[next++])
        if (result.outcome === 'committed') committed++
      }
    })
  )
  return committed
}

/** Waits until the results API counts `ballots` (the projection runs every second). */
async function waitForProjection(stack, campaignId, ballots) {
  const deadline = Date.now() + 60_000
  for (;;) {
    const body = await fetch(`${stack.baseUrl}/api/v1/campaigns/${campaignId}/results`)
      .then((r) => r.json())
      .catch(() => ({}))
    if (body.ballots >= ballots) return body
    if (Date.now() > deadline)
      throw new Error(`results count ${body.ballots} of ${ballots} ballots`)
    await sleep(500)
  }
}

/** Ballots at a constant rate in the background until `stop()`; resolves with the committed count. */
function trickle(stack, campaignId, items, rate) {
  let stopped = false
  const done = (async () => {
    const pending = []
    const started = performance.now()
    for (let i = 0; i < items.length && !stopped && rate > 0; i++) {
      await sleep(Math.max(0, started + (i * 1000) / rate - performance.now()))
      pending.push(vote(stack.baseUrl, campaignId, items[i]))
    }
    const results = await Promise.all(pending)
    return results.filter((r) => r.outcome === 'committed').length
  })()
  return {
    stop: () => {
      stopped = true
      return done
    },
  }
}

function request(agent, url, headers) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers, timeout: TIMEOUT_MS }, (response) => {
      let bytes = 0
      response.on('data', (chunk) => (bytes += chunk.length))
      response.on('end', () => resolve({ status: response.statusCode, bytes }))
      response.on('error', () => resolve({ status: 0, bytes }))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve({ status: 0, bytes: 0 }))
  })
}

/**
 * Open loop: request i starts at start + i/rate (a 1 ms timer catches up on any it is late for),
 * its latency counted from that scheduled start.
 */
async function openLoop(agent, url, rate, seconds) {
  const total = Math.max(1, Math.round(rate * seconds))
  const latencies = []
  const statuses = {}
  let bytes = 0
  let last = 0
  const start = performance.now() + 20
  let sent = 0
  const all = []
  while (sent < total) {
    const now = performance.now()
    while (sent < total && start + (sent * 1000) / rate <= now) {
      const due = start + (sent * 1000) / rate
      sent++
      all.push(
        request(agent, url, BROWSER_HEADERS).then((answer) => {
          last = performance.now()
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1
          if (answer.status >= 200 && answer.status < 300) {
            latencies.push(last - due)
            bytes += answer.bytes
          }
        })
      )
    }
    await sleep(1)
  }
  await Promise.all(all)
  latencies.sort((a, b) => a - b)
  const seconds_ = (last - start) / 1000
  return {
    achieved: latencies.length / seconds_,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1),
    ok: latencies.length,
    total,
    statuses,
    bytes: latencies.length ? bytes / latencies.length : 0,
  }
}

/** The app's CPU per second with no reads (ballot intake, projection, timers), over `seconds`. */
async function backgroundCpu(stack, seconds) {
  const before = cpuSeconds(stack.app.pid)
  await sleep(seconds * 1000)
  return (cpuSeconds(stack.app.pid) - before) / seconds
}

async function measure(stack, agent, label, path, rates, target, background) {
  // What a first-time visitor is given: each cookie is signed or encrypted work, a session row.
  const probe = await fetch(`${stack.baseUrl}${path}`, { headers: BROWSER_HEADERS })
  const cookies = probe.headers.getSetCookie().map((c) => c.split('=')[0])
  console.log(
    `${label}: ${probe.status}, cookies set for a new visitor: ${cookies.join(', ') || 'none'}`
  )
  for (const rate of rates) {
    const appBefore = cpuSeconds(stack.app.pid)
    const ownBefore = process.cpuUsage()
    const wallBefore = performance.now()
    const r = await openLoop(agent, `${stack.baseUrl}${path}`, rate, SECONDS)
    const own = process.cpuUsage(ownBefore)
    const appCpu = cpuSeconds(stack.app.pid) - appBefore
    // The same seconds without the reads would have cost `background` per second.
    const netCpu = Math.max(0, appCpu - (background * (performance.now() - wallBefore)) / 1000)
    const others = Object.entries(r.statuses).filter(([status]) => !status.startsWith('2'))
    const met = r.achieved >= target.rate * 0.98 && r.p99 < target.p99 && rate >= target.rate
    console.log(
      `${label.padEnd(34)} offered ${String(rate).padStart(5)}/s → achieved ${fmt(r.achieved).padStart(5)}/s, ` +
        `p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, max ${fmt(r.max)} ms, ` +
        `${fmt(r.bytes / 1024, 1)} KB/answer; CPU app ${fmt(appCpu, 1)} s ` +
        `(${fmt((appCpu * 1000) / Math.max(1, r.ok), 2)} ms per answer, ` +
        `${fmt((netCpu * 1000) / Math.max(1, r.ok), 2)} ms without the background), load generator ` +
        `${fmt((own.user + own.system) / 1e6, 1)} s of ${fmt(cpus().length * SECONDS)}` +
        (others.length ? `; not 2xx: ${JSON.stringify(Object.fromEntries(others))}` : '') +
        (met ? '  [target met]' : '')
    )
    await sleep(1000) // let queues drain between rates
  }
}

async function main() {
  ensureBuild()
  const stack = benchStack({
    basePort: 26400,
    appPort: 3391,
    database: 'civic_budget_bench_web',
  })
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
  await runBench(
    stack,
    async () => {
      console.log('bench:web — 4 replicas, a fresh database, the production build …')
      await stack.startLedgerOnFreePorts()
      await stack.prepareDatabase()
      const imported = importPabulib(stack)
      await startProductionApp(stack)
      const votingId = await stack.votingCampaignOnLedger()
      const list = await (await fetch(`${stack.baseUrl}/api/v1/campaigns`)).json()
      const voting = { id: votingId, slug: list.find((c) => c.id === votingId).slug }
      const items = stack.mintBallots(votingId, BALLOTS + Math.ceil(VOTE_RATE * SECONDS * 20))
      const committed = await voteAll(stack, votingId, items.slice(0, BALLOTS), 16)
      await waitForProjection(stack, votingId, committed)
      console.log(
        `campaigns: "${voting.slug}" in voting with ${committed} ballots on the ledger (+${VOTE_RATE}/s ` +
          `during the load); "${imported.slug}" imported from Pabulib (${imported.projects} projects, ` +
          `${imported.ballots} ballots, outcome published). ${SECONDS} s per rate, open loop.`
      )

      const ballots = trickle(stack, votingId, items.slice(BALLOTS), VOTE_RATE)
      const background = await backgroundCpu(stack, 5)
      console.log(
        `app CPU without reads (${VOTE_RATE} ballots/s, projection): ${fmt(background * 1000)} ms/s`
      )
      const api = { rate: 2000, p99: 50 }
      const page = { rate: 200, p99: 100 }
      for (const campaign of [voting, imported]) {
        const name = campaign === voting ? 'voting' : 'imported'
        await measure(
          stack,
          agent,
          `${name}: results API`,
          `/api/v1/campaigns/${campaign.id}/results`,
          API_RATES,
          api,
          background
        )
        await measure(
          stack,
          agent,
          `${name}: campaign page`,
          `/campaigns/${campaign.slug}`,
          PAGE_RATES,
          page,
          background
        )
        await measure(
          stack,
          agent,
          `${name}: results page`,
          `/campaigns/${campaign.slug}/results`,
          PAGE_RATES,
          page,
          background
        )
      }
      const trickled = await ballots.stop()
      const final = await waitForProjection(stack, votingId, committed + trickled)
      console.log(
        `during the load ${trickled} more ballots were committed; the results API counts ${final.ballots} at height ${final.updatedAtHeight}`
      )
      await stopAndSummarize(stack)
    },
    () => agent.destroy()
  )
}

main()
