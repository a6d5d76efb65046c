#!/usr/bin/env node
/*
| `npm run bench:credentials`: server-side blind credential issuance per second — what the
| registrar does per voter (`POST /api/v1/campaigns/:id/credential` with a bearer token: limits,
| eligibility, the one-per-person `credential_issuances` row and the blind signature, in one
| transaction) — against the production build (bench/production_app.js) on a bench/stack.js stack.
| The client's own work (making a voter key, blinding, unblinding) is excluded: residents, their API
| tokens and the blinded points are made beforehand (bench/credentials_setup.ts).
|
| Phases: warm-up (100); a fixed offered rate BENCH_RATE (default 300/s) for BENCH_SECONDS (4) →
| p50/p99; saturation with BENCH_CONCURRENCY (32) clients over the rest of BENCH_RESIDENTS (2500)
| → issued/s. Every answer must be 200 with a blind signature, and the table must hold exactly one
| row per issued credential. Each request carries its own X-Forwarded-For (the per-IP hourly limit
| is for one address, not for a whole city behind the bench). BENCH_CPU_PROF=1 profiles app node 0.
| BENCH_APP_NODES=2 runs two app processes on the one database (issuance is stateless between
| them: PostgreSQL arbitrates the one-per-person row), requests alternating between them, so
| issuance can use both cores; the app CPU is then summed over the nodes.
|
| First, the primitive alone in this process (one core): the registrar's `S' = sk·B` with the
| blinded point's validation — the native path the app uses (protocol-node `signBlindedNative`)
| and the pure-JS one (`signBlinded`, noble) it replaced.
*/
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { blind, generateRegistrarKey, signBlinded } from '@civic-budget/protocol/credential'
import { signBlindedNative } from '@civic-budget/protocol-node/credential'
import { ensureBuild, startProductionApp, stopAndSummarize } from './production_app.js'
import { benchStack, runBench, cpuSeconds, percentile, root } from './stack.js'

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 2500)
const RATE = Number(process.env.BENCH_RATE ?? 300)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32)
const APP_NODES = Number(process.env.BENCH_APP_NODES ?? 1)
const WARMUP = 100

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–')

async function issue(stack, campaignId, person, index) {
  const started = performance.now()
  const baseUrl = stack.baseUrls[index % stack.baseUrls.length]
  const response = await fetch(`${baseUrl}/api/v1/campaigns/${campaignId}/credential`, {
    method: 'POST',
    headers: {
      'authorization': `Bearer ${person.token}`,
      'content-type': 'application/json',
      'x-forwarded-for': `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
    },
    body: JSON.stringify({ blinded: person.blinded }),
  }).catch((error) => ({ status: 0, json: async () => ({ error: String(error) }) }))
  const body = await response.json().catch(() => ({}))
  const ok = response.status === 200 && typeof body.blindSignature === 'string'
  return { ok, ms: performance.now() - started, status: response.status, error: body.error }
}

async function openLoop(stack, campaignId, people, offset, rate) {
  const started = performance.now()
  const results = await Promise.all(
    people.map(async (person, i) => {
      await sleep(Math.max(0, started + (i * 1000) / rate - performance.now()))
      return issue(stack, campaignId, person, offset + i)
    })
  )
  return { results, seconds: (performance.now() - started) / 1000 }
}

async function closedLoop(stack, campaignId, people, offset, concurrency) {
  const results = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < people.length) {
        const i = next++
        results.push(await issue(stack, campaignId, people[i], offset + i))
      }
    })
  )
  return { results, seconds: (performance.now() - started) / 1000 }
}

function report(name, { results, seconds }, appCpu) {
  const ok = results.filter((r) => r.ok)
  const ms = ok.map((r) => r.ms).sort((a, b) => a - b)
  const failed = {}
  for (const r of results.filter((x) => !x.ok)) {
    failed[`${r.status} ${r.error}`] = (failed[`${r.status} ${r.error}`] ?? 0) + 1
  }
  console.log(
    `${name}: ${ok.length}/${results.length} issued in ${fmt(seconds, 1)} s = ${fmt(ok.length / seconds)}/s; ` +
      `p50 ${fmt(percentile(ms, 50))} ms, p99 ${fmt(percentile(ms, 99))} ms; app CPU ${fmt(appCpu, 1)} s ` +
      `(${fmt((appCpu * 1000) / Math.max(1, ok.length), 2)} ms per credential) of ` +
      `${fmt(cpus().length * seconds, 1)} on ${cpus().length} cores` +
      (Object.keys(failed).length ? `; failed: ${JSON.stringify(failed)}` : '')
  )
  return ok.length
}

/** Signatures per second of `sign` over a few blinded points, for about `seconds`. */
function primitiveRate(sign, seconds) {
  const { secretKey } = generateRegistrarKey()
  const points = Array.from({ length: 8 }, (_, i) => blind(1, new Uint8Array(32).fill(i)).blinded)
  sign(secretKey, points[0])
  let done = 0
  const started = performance.now()
  while (performance.now() - started < seconds * 1000) sign(secretKey, points[done++ % 8])
  return (done * 1000) / (performance.now() - started)
}

async function main() {
  console.log(
    `registrar primitive (validate B, S' = sk·B; one core): native blst ` +
      `${fmt(primitiveRate(signBlindedNative, 2))}/s, pure-JS noble ` +
      `${fmt(primitiveRate(signBlinded, 2), 1)}/s`
  )
  ensureBuild()
  const stack = benchStack({
    basePort: 26600,
    appPort: 3392,
    database: 'civic_budget_bench_credentials',
    appNodes: APP_NODES,
  })
  await runBench(stack, async () => {
    console.log('bench:credentials — 4 replicas, a fresh database, the production build …')
    await stack.startLedgerOnFreePorts()
    await stack.prepareDatabase()
    const out = join(stack.dir, 'credentials.jsonl')
    const setup = spawnSync(
      process.execPath,
      ['--import=ts-node-maintained/register/esm', 'bench/credentials_setup.ts'],
      {
        cwd: root,
        env: { ...stack.env, BENCH_RESIDENTS: String(RESIDENTS), BENCH_OUT: out },
        stdio: 'inherit',
      }
    )
    if (setup.status !== 0) throw new Error('bench/credentials_setup.ts failed')
    const people = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    await startProductionApp(stack)
    const list = await (await fetch(`${stack.baseUrl}/api/v1/campaigns`)).json()
    const campaignId = list.find((c) => c.stage === 'voting').id
    console.log(
      `${people.length} residents with tokens and blinded points; campaign ${campaignId}; ` +
        `${APP_NODES} app node(s)`
    )
    const appCpu = () => stack.appPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0)

    let offset = 0
    let issued = 0
    const phase = async (name, count, run) => {
      const slice = people.slice(offset, offset + count)
      const cpuBefore = appCpu()
      const result = await run(slice, offset)
      offset += slice.length
      issued += report(name, result, appCpu() - cpuBefore)
    }
    await phase('warm-up', WARMUP, (s, o) => closedLoop(stack, campaignId, s, o, 8))
    await phase(`offered ${RATE}/s for ${SECONDS} s`, RATE * SECONDS, (s, o) =>
      openLoop(stack, campaignId, s, o, RATE)
    )
    await phase(`saturation, ${CONCURRENCY} concurrent`, people.length - offset, (s, o) =>
      closedLoop(stack, campaignId, s, o, CONCURRENCY)
    )

    const client = new pg.Client({ connectionString: stack.databaseUrl(stack.database) })
    await client.connect()
    const rows = await client.query(
      'SELECT count(*)::int AS n FROM credential_issuances WHERE campaign_id = $1',
      [campaignId]
    )
    await client.end()
    console.log(`credential_issuances rows: ${rows.rows[0].n} (answers 200: ${issued})`)
    if (rows.rows[0].n !== issued) throw new Error('rows and issued credentials differ')
    await stopAndSummarize(stack)
  })
}

main()
