#!/usr/bin/env node
/*
| `npm run bench:threshold`: the threshold-encryption crypto core of `@civic-budget/protocol` (pure JS,
| one core) — what issue #14's speed targets depend on. A 3-of-5 ceremony, then BENCH_BALLOTS (default
| 1000) encrypted ballots:
|   encryption per ballot (the voting page's work: KEM + AEAD + proof),
|   the ballot proof check per ballot, alone (a replica on arrival) and batched (a block, the audit),
|   one trustee's decryption shares with proofs per 1,000 ballots,
|   verification of 1,000 shares of one trustee, batched (one multi-scalar check) and one by one,
|   recombination of 3 shares + AEAD open per ballot,
| and the projection for 200,000 ballots: share generation per trustee, and a full audit (every
| ballot proof, 3 trustees' share batches, recombination and opening). Run it on an idle machine:
| figures are CPU time of this one-threaded process (the load average and the wall/CPU ratio are
| printed: far above 1 means the machine was busy and even CPU time is inflated by cache contention).
|
| With `--ballots N` it runs the real thing at that scale instead (bench/threshold_scale.js): one
| trustee's share generation and the full `threshold_tally.ts` audit, on worker threads.
*/
import { cpus, loadavg } from 'node:os'
import { inProcessCeremony } from './ceremony.js'
import {
  checkEncryptedChoices,
  checkEncryptedChoicesBatch,
  encryptChoices,
  paddedChoicesLength,
} from '@civic-budget/protocol/encrypted_ballot'
import {
  decodeDecryptionShareBatch,
  decryptBallot,
  encodeDecryptionShareBatch,
  makeDecryptionShareBatch,
  verifyDecryptionShare,
  verifyDecryptionShareBatch,
} from '@civic-budget/protocol/decryption'

if (process.argv.includes('--ballots')) {
  await import('./threshold_scale.js')
  process.exit(0)
}

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 1000)
const BATCH = 1000 // shares per batch record measured (the record limit is 1024)
const TARGET = 200_000
const CAMPAIGN = 1
const T = 3
const N = 5

const fmt = (n, digits = 2) => n.toFixed(digits)
/**
 * CPU time of this process (user + system), not wall time: on a shared machine the wall clock
 * mostly measures the other processes; the work is single-threaded, so CPU time is its cost.
 */
const time = (fn) => {
  const started = process.cpuUsage()
  const wallStarted = performance.now()
  const value = fn()
  const used = process.cpuUsage(started)
  return { ms: (used.user + used.system) / 1000, wallMs: performance.now() - wallStarted, value }
}

console.log(
  `node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? '?'}), ` +
    `load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${BALLOTS} ballots, ${T}-of-${N}`
)

/* ceremony */
const ceremony = time(() => {
  const { keys, result, secretShare } = inProcessCeremony(CAMPAIGN, T, N)
  const shares = keys.map((_, i) => ({
    campaignId: CAMPAIGN,
    trustee: i + 1,
    keyShare: secretShare(i + 1),
    publicShare: result.publicShares[i],
  }))
  return { result, shares }
})
console.log(
  `ceremony (5 trustees: keys, dealings, result, every key share): ${fmt(ceremony.ms, 0)} ms`
)
const { result, shares } = ceremony.value

/* encryption (the voting page) */
const projects = Array.from({ length: 40 }, (_, i) => i + 1)
const context = {
  campaignId: CAMPAIGN,
  electionKey: result.electionKey,
  paddedLength: paddedChoicesLength(projects, 1),
}
const voterKey = new Uint8Array(32).fill(3)
const encryption = time(() =>
  Array.from({ length: BALLOTS }, (_, k) => ({
    version: 2,
    campaignId: CAMPAIGN,
    encrypted: encryptChoices(context, voterKey, [
      { projectId: (k % 40) + 1, weight: 1 },
      { projectId: ((k + 7) % 40) + 1, weight: 1 },
    ]),
    voterKey,
    credential: new Uint8Array(96),
  }))
)
const ballots = encryption.value
const encryptMs = encryption.ms / BALLOTS
console.log(`encryption per ballot (padded to ${context.paddedLength} bytes): ${fmt(encryptMs)} ms`)

const proofs = time(() => ballots.every((b) => checkEncryptedChoices(b, context).ok))
if (!proofs.value) throw new Error('a ballot proof failed')
const proofMs = proofs.ms / BALLOTS
console.log(`ballot proof check per ballot, one by one (a replica on arrival): ${fmt(proofMs)} ms`)
const proofBatch = time(() => checkEncryptedChoicesBatch(ballots, context))
if (proofBatch.value.length > 0) throw new Error('a ballot proof failed in the batch')
const proofBatchMs = proofBatch.ms / BALLOTS
console.log(`ballot proof check per ballot, batched (a block, the audit): ${fmt(proofBatchMs)} ms`)

/* one trustee's shares */
const sample = ballots.slice(0, Math.min(BATCH, BALLOTS))
const per1000 = (ms) => (ms / sample.length) * 1000
const generation = time(() => makeDecryptionShareBatch(shares[0], sample, 0))
const generateMs = per1000(generation.ms)
console.log(`share generation with proofs, one trustee: ${fmt(generateMs, 0)} ms per 1,000 ballots`)

const wire = time(() => decodeDecryptionShareBatch(encodeDecryptionShareBatch(generation.value)))
if (!wire.value.ok) throw new Error('batch decoding failed')
const decodeMs = per1000(wire.ms)
console.log(`batch encode + strict decode: ${fmt(decodeMs, 0)} ms per 1,000 shares`)

const ephemerals = sample.map((b) => b.encrypted.ephemeral)
const batched = time(() =>
  verifyDecryptionShareBatch(wire.value.value, shares[0].publicShare, ephemerals)
)
if (!batched.value.ok) throw new Error('batch verification failed')
const batchedMs = per1000(batched.ms)
console.log(`share verification, batched: ${fmt(batchedMs, 0)} ms per 1,000 shares`)
const single = sample.slice(0, Math.min(200, sample.length))
const oneByOne = time(() =>
  single.every((b, k) =>
    verifyDecryptionShare(
      CAMPAIGN,
      1,
      shares[0].publicShare,
      b.encrypted.ephemeral,
      generation.value.shares[k]
    )
  )
)
console.log(
  `share verification, one by one: ${fmt((oneByOne.ms / single.length) * 1000, 0)} ms per 1,000 shares`
)

/* recombination and opening */
const others = [shares[2], shares[4]].map((s) => makeDecryptionShareBatch(s, sample, 0))
const opened = time(() =>
  sample.every((ballot, k) => {
    const indexed = [generation.value, ...others].map((b) => ({
      trustee: b.trustee,
      share: b.shares[k].share,
    }))
    return decryptBallot(ballot, result.electionKey, indexed, T).ok
  })
)
if (!opened.value) throw new Error('a ballot did not open')
const openMs = opened.ms / sample.length
console.log(`recombine ${T} shares + open, per ballot: ${fmt(openMs)} ms`)

/* projection */
const minutes = (ms) => `${fmt(ms / 60_000, 1)} min`
const scale = TARGET / 1000
const trusteeTotal = scale * generateMs
const auditTotal = TARGET * proofBatchMs + T * scale * (decodeMs + batchedMs) + TARGET * openMs
const wallTotal = [
  ceremony,
  encryption,
  proofs,
  proofBatch,
  generation,
  wire,
  batched,
  oneByOne,
  opened,
]
const ratio =
  wallTotal.reduce((sum, t) => sum + t.wallMs, 0) / wallTotal.reduce((sum, t) => sum + t.ms, 0)
console.log(`(wall / CPU time: ${fmt(ratio, 1)})`)
console.log(`\nprojection for ${TARGET.toLocaleString('en')} ballots, ${T}-of-${N}, one core:`)
console.log(`  share generation per trustee: ${minutes(trusteeTotal)} (target < 10 min)`)
console.log(
  `  audit (ballot proofs ${minutes(TARGET * proofBatchMs)}, ${T} share batches ${minutes(
    T * scale * (decodeMs + batchedMs)
  )}, recombine + open ${minutes(TARGET * openMs)}): ${minutes(auditTotal)} (target < 10 min; the work splits over cores)`
)
