#!/usr/bin/env node
/*
| `npm run bench:encrypt-page`: the voting page's encryption step on a mid-range phone profile.
| The page's own module (resources/js/lib/voting/vote_crypto.ts, `encryptedBallotBytes`: pad the
| choices, KEM on the election key, ChaCha20-Poly1305, the proof of knowledge, CBOR of ballot v2) is
| bundled for the browser by esbuild (minified, as the page's chunk is) and run in Debian's chromium
| (playwright-core, CHROMIUM_PATH) with the CPU throttled ×4 over CDP
| (`Emulation.setCPUThrottlingRate`) — chromium's "mid-tier mobile" setting. The campaign is
| realistic: BENCH_PROJECTS (default 36) projects in three pots (approval up to 5, cumulative 10
| points with at most 5 per project, ranked top 5), so the padded length is what such a ballot pays.
| Prints p50/p95/max over BENCH_RUNS (default 200) encryptions after 20 warm-up runs; the issue's
| target is < 100 ms. Random election key and voter keys: encryption reads neither credential nor
| signature. Throttling slows the page's CPU relative to this machine, so a busy machine inflates
| the figures too (the load average is printed).
*/
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import { campaignPaddedLength } from '@civic-budget/protocol/encrypted_ballot'
import { baseMul, pointBytes, randomScalar } from '@civic-budget/protocol/ristretto'

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 36)
const RUNS = Number(process.env.BENCH_RUNS ?? 200)
const WARMUP = 20
const THROTTLE = Number(process.env.BENCH_CPU_THROTTLE ?? 4)
const TARGET_MS = 100
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const VOTING_LIB = fileURLToPath(new URL('../resources/js/lib/voting/', import.meta.url))

/** Three pots of a third of the projects each, ids 101…; each pot with its own rule kind. */
function campaign() {
  const pots = [
    { id: 1, rule: { kind: 'approval', minSelections: 1, maxSelections: 5 } },
    { id: 2, rule: { kind: 'cumulative', points: 10, maxPerProject: 5 } },
    { id: 3, rule: { kind: 'ranked', maxRanks: 5 } },
  ]
  const projects = Array.from({ length: PROJECTS }, (_, i) => ({ id: 101 + i, potId: 1 + (i % 3) }))
  return { pots, projects }
}

/** A full ballot: 5 approvals, 10 points over 3 projects, a top 5 — the longest common case. */
function choicesOf({ projects }) {
  const inPot = (potId) => projects.filter((p) => p.potId === potId).map((p) => p.id)
  const approvals = inPot(1)
    .slice(0, 5)
    .map((projectId) => ({ projectId, weight: 1 }))
  const points = inPot(2)
    .slice(0, 3)
    .map((projectId, i) => ({ projectId, weight: [5, 3, 2][i] }))
  const ranks = inPot(3)
    .slice(0, 5)
    .map((projectId, i) => ({ projectId, weight: i + 1 }))
  return [...approvals, ...points, ...ranks].sort((a, b) => a.projectId - b.projectId)
}

async function bundle() {
  const result = await build({
    stdin: {
      contents:
        "import { encryptedBallotBytes } from './vote_crypto.ts'\n" +
        'globalThis.encryptedBallotBytes = encryptedBallotBytes\n',
      resolveDir: VOTING_LIB,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function main() {
  const shape = campaign()
  const paddedLength = campaignPaddedLength(shape)
  const encryption = {
    electionKey: bytesToHex(pointBytes(baseMul(randomScalar()))),
    paddedLength,
    threshold: 3,
    trustees: 5,
  }
  const choices = choicesOf(shape)
  const script = await bundle()
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const page = await browser.newPage()
    await page.setContent('<!doctype html><title>encrypt bench</title>')
    await page.addScriptTag({ content: script })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
    const timings = await page.evaluate(
      ({ runs, warmup, encryption, choices }) => {
        const hex = (n) =>
          Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) =>
            b.toString(16).padStart(2, '0')
          ).join('')
        const out = []
        for (let i = 0; i < warmup + runs; i++) {
          // A voter key and credential per ballot, as on the page (their bytes are not checked here).
          const voterKey = hex(32)
          const credential = hex(96)
          const started = performance.now()
          const bytes = globalThis.encryptedBallotBytes(
            7,
            choices,
            voterKey,
            credential,
            encryption
          )
          const ms = performance.now() - started
          if (bytes.length < encryption.paddedLength) throw new Error('no ballot')
          if (i >= warmup) out.push(ms)
        }
        return out
      },
      { runs: RUNS, warmup: WARMUP, encryption, choices }
    )
    const sorted = [...timings].sort((a, b) => a - b)
    const p50 = percentile(sorted, 50)
    const p95 = percentile(sorted, 95)
    console.log(
      `chromium ${browser.version()}, CPU throttling ×${THROTTLE}, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`
    )
    console.log(
      `campaign: ${PROJECTS} projects in 3 pots, padded length ${paddedLength} bytes; ballot with ${choices.length} choices`
    )
    console.log(
      `encryption step (encryptedBallotBytes), ${RUNS} runs: p50 ${p50.toFixed(1)} ms, ` +
        `p95 ${p95.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms ` +
        `(target < ${TARGET_MS} ms: ${p95 < TARGET_MS ? 'met' : 'NOT met'} at p95)`
    )
  } finally {
    await browser.close()
  }
}

await main()
