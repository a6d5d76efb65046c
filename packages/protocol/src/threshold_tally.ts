/**
 * The decryption of an encrypted campaign from its public records (protocol.md "Threshold
 * encryption", "Decrypting a campaign"): the one implementation the app's combination, `ledger:audit`
 * and the benchmark run. Pure and isomorphic: records in, verdicts and tallies out.
 *
 *   1. ceremony  the `trustees` record (t of n) and the campaign tx's encryption agree; every trustee
 *                1..n has one ceremony key with a valid proof; `ceremonyResult` over the dealings and
 *                complaints; its election key = the campaign tx's. Any failure stops here.
 *   2. ballots   every ballot's proof (`checkEncryptedChoicesBatch`); a failing one is a problem and
 *                is not decrypted.
 *   3. shares    every batch: right campaign, a trustee 1..n, the canonical range (first a multiple
 *                of 1024, count = min(1024, total − first)), not a second batch of the same trustee
 *                and range, then `verifyDecryptionShareBatch` against X_i. A share named bad is not
 *                used; the trustee's other shares in the batch (each verified alone) still are.
 *   4. decrypt   per ballot the valid shares of the t lowest trustee indices (deterministic; any t
 *                give the same S since D_i = x_i·R is unique), one Lagrange set per trustee set,
 *                then open, unpad and check the ballot rules: counted choices or spoiled with
 *                `not_enough_shares`, `undecryptable`, `bad_padding`, `bad_choices` or
 *                `rule_violation: …`.
 *   5. tally     per project (ascending id): votes and points of the counted ballots.
 *
 * Worker-friendly: `positions` lets a caller run slices of the ballot list (chunk-aligned) with
 * only the batches of that slice, and `mergeTallies` adds the slices' tallies up.
 */
import { mulAddUnsafe } from '@noble/curves/abstract/curve.js'
import type { BallotChoice } from './ballot.js'
import { equalBytes } from './bytes.js'
import {
  ceremonyResult,
  verifyTrusteeKey,
  type CeremonyOutcome,
  type CeremonyParams,
  type CeremonyResult,
  type Complaint,
  type Dealing,
  type TrusteeKeyRecord,
} from './dkg.js'
import { verifyDecryptionShareBatch, type DecryptionShareBatch } from './decryption.js'
import {
  checkEncryptedChoicesBatch,
  openChoices,
  type EncryptedBallot,
  type EncryptionContext,
} from './encrypted_ballot.js'
import { DECRYPTION_SHARES_MAX } from './limits.js'
import {
  lagrangeAtZero,
  parsePoint,
  pointBytes,
  RistrettoPoint,
  type Rng,
  systemRng,
} from './ristretto.js'
import { checkChoices, describeViolation, type CampaignRules } from './rules.js'

/** Shares per canonical batch: the ballots at positions k·1024 … k·1024 + 1023 form chunk k. */
export const SHARE_CHUNK = DECRYPTION_SHARES_MAX

/** What the decryption needs of the campaign tx: its id, pots, projects and encryption. */
export interface ThresholdCampaign extends CampaignRules {
  id: number
  encryption: {
    threshold: number
    trustees: number
    /** 32 bytes: the election key the campaign tx carries. */
    electionKey: Uint8Array
    paddedLength: number
  }
}

/** The ceremony's records of the campaign (decoded; any order). */
export interface CeremonyRecords {
  /** The `trustees` record: t of n. */
  trustees: { threshold: number; trustees: number }
  trusteeKeys: readonly TrusteeKeyRecord[]
  dealings: readonly Dealing[]
  complaints: readonly Complaint[]
}

export type Ceremony = {
  params: CeremonyParams
  result: Extract<CeremonyResult, { ok: true }>
  context: EncryptionContext
}

export type CeremonyCheck = ({ ok: true } & Ceremony) | { ok: false; error: string }

/** Step 1: the ceremony recomputed from its records and compared with the campaign tx. */
export function checkCeremony(
  campaign: ThresholdCampaign,
  records: CeremonyRecords
): CeremonyCheck {
  const fail = (reason: string): CeremonyCheck => ({ ok: false, error: `ceremony: ${reason}` })
  const { threshold, trustees } = campaign.encryption
  const declared = records.trustees
  if (declared.threshold !== threshold || declared.trustees !== trustees) {
    return fail(
      `the trustees record says ${declared.threshold} of ${declared.trustees}, the campaign tx ${threshold} of ${trustees}`
    )
  }
  const keys: RistrettoPoint[] = []
  for (let index = 1; index <= trustees; index++) {
    const own = records.trusteeKeys.filter((k) => k.index === index && k.campaignId === campaign.id)
    if (own.length === 0) return fail(`trustee ${index} has no ceremony key`)
    if (own.some((k) => !k.ceremonyKey.equals(own[0].ceremonyKey)))
      return fail(`trustee ${index} has ${own.length} different ceremony keys`)
    if (!verifyTrusteeKey(own[0])) return fail(`trustee ${index}'s ceremony key proof is invalid`)
    keys.push(own[0].ceremonyKey)
  }
  const params: CeremonyParams = { campaignId: campaign.id, threshold, trusteeKeys: keys }
  const result = ceremonyResult(params, records.dealings, records.complaints)
  if (!result.ok) {
    return fail(
      `too few qualified dealers (${result.qualified.length} of ${threshold} needed${describeExclusions(result)})`
    )
  }
  if (!equalBytes(pointBytes(result.electionKey), campaign.encryption.electionKey)) {
    return fail(
      `election key differs from the campaign tx (qualified dealers ${result.qualified.join(', ')}${describeExclusions(result)})`
    )
  }
  const context: EncryptionContext = {
    campaignId: campaign.id,
    electionKey: parsePoint(campaign.encryption.electionKey, 'electionKey'),
    paddedLength: campaign.encryption.paddedLength,
  }
  return { ok: true, params, result, context }
}

function describeExclusions(outcome: CeremonyOutcome): string {
  const parts = [
    ...outcome.excluded.map((e) => `dealer ${e.dealer} excluded: ${e.reason}`),
    ...(outcome.absent.length > 0 ? [`absent: ${outcome.absent.join(', ')}`] : []),
  ]
  return parts.length > 0 ? `; ${parts.join('; ')}` : ''
}

/* ------------------------------------------------------------------------------------ share batches */

export type BatchRefusal =
  'wrong_campaign' | 'unknown_trustee' | 'wrong_range' | 'duplicate' | 'invalid_shares'

export type BatchVerdict = { trustee: number; first: number; count: number } & (
  | { valid: true }
  | { valid: false; reason: Exclude<BatchRefusal, 'invalid_shares'> }
  | { valid: false; reason: 'invalid_shares'; badPositions: number[] }
)

/** The canonical share count of the batch starting at `first` (0 when `first` is not canonical). */
export function canonicalBatchCount(first: number, total: number): number {
  if (!Number.isSafeInteger(first) || first < 0 || first % SHARE_CHUNK !== 0 || first >= total)
    return 0
  return Math.min(SHARE_CHUNK, total - first)
}

/** One line naming a batch's verdict, e.g. `shares: trustee 2 positions 17, 40 invalid`. */
export function describeBatchVerdict(verdict: BatchVerdict): string {
  const which = `trustee ${verdict.trustee} batch ${verdict.first}..${verdict.first + verdict.count - 1}`
  if (verdict.valid) return `shares: ${which} valid`
  if (verdict.reason === 'invalid_shares') {
    const s = verdict.badPositions.length === 1 ? '' : 's'
    return `shares: trustee ${verdict.trustee} position${s} ${verdict.badPositions.join(', ')} invalid`
  }
  return `shares: ${which} refused (${verdict.reason})`
}

/** Usable shares: per chunk, per trustee, the batch and its bad positions. */
type UsableShares = Map<number, Map<number, { batch: DecryptionShareBatch; bad: Set<number> }>>

export interface ShareCheck {
  /** One verdict per batch, in input order. */
  verdicts: BatchVerdict[]
  usable: UsableShares
}

export interface BallotRange {
  /** Position of `ballots[0]` in the campaign's list (a multiple of SHARE_CHUNK). */
  first: number
  /** How many encrypted ballots the campaign has in all (for the canonical ranges). */
  total: number
}

/**
 * Step 3: every batch verified against the ballots it covers (those of `range`; a batch outside it
 * is refused as `wrong_range`). The first batch of a trustee and range that is not refused for its
 * shape is the one verified; later ones are `duplicate`.
 */
export function checkShareBatches(
  ceremony: Ceremony,
  ballots: readonly EncryptedBallot[],
  batches: readonly DecryptionShareBatch[],
  range: BallotRange,
  rng: Rng = systemRng
): ShareCheck {
  const n = ceremony.params.trusteeKeys.length
  const usable: UsableShares = new Map()
  const seen = new Set<string>()
  const verdicts = batches.map((batch): BatchVerdict => {
    const head = { trustee: batch.trustee, first: batch.first, count: batch.shares.length }
    if (batch.campaignId !== ceremony.params.campaignId)
      return { ...head, valid: false, reason: 'wrong_campaign' }
    if (batch.trustee < 1 || batch.trustee > n)
      return { ...head, valid: false, reason: 'unknown_trustee' }
    const start = batch.first - range.first
    if (
      canonicalBatchCount(batch.first, range.total) !== batch.shares.length ||
      start < 0 ||
      start + batch.shares.length > ballots.length
    )
      return { ...head, valid: false, reason: 'wrong_range' }
    const key = `${batch.trustee}:${batch.first}`
    if (seen.has(key)) return { ...head, valid: false, reason: 'duplicate' }
    seen.add(key)
    const ephemerals = ballots
      .slice(start, start + batch.shares.length)
      .map((b) => b.encrypted.ephemeral)
    const verdict = verifyDecryptionShareBatch(
      batch,
      ceremony.result.publicShares[batch.trustee - 1],
      ephemerals,
      rng
    )
    const bad = new Set(verdict.ok ? [] : verdict.invalid)
    const chunk = usable.get(batch.first) ?? new Map()
    chunk.set(batch.trustee, { batch, bad })
    usable.set(batch.first, chunk)
    return verdict.ok
      ? { ...head, valid: true }
      : { ...head, valid: false, reason: 'invalid_shares', badPositions: [...bad] }
  })
  return { verdicts, usable }
}

/* ------------------------------------------------------------------------------------- decryption */

export type BallotOutcome =
  | { position: number; counted: true; choices: BallotChoice[] }
  | { position: number; counted: false; spoiled: string }

/** Lagrange coefficients per trustee set (a handful of sets per campaign). */
function lagrangeCache() {
  const cache = new Map<string, bigint[]>()
  return (trustees: number[]) => {
    const key = trustees.join(',')
    let lambdas = cache.get(key)
    if (!lambdas) {
      lambdas = lagrangeAtZero(trustees)
      cache.set(key, lambdas)
    }
    return lambdas
  }
}

/**
 * Step 4 for the ballots of `range` (`ballots[k]` at position range.first + k): t valid shares of
 * the lowest trustee indices, recombined, opened and checked against the rules. `invalid` holds the
 * positions whose ballot proof failed (not decrypted).
 */
export function decryptBallots(
  ceremony: Ceremony,
  rules: CampaignRules,
  ballots: readonly EncryptedBallot[],
  usable: UsableShares,
  range: BallotRange,
  invalid: ReadonlyMap<number, string> = new Map()
): BallotOutcome[] {
  const t = ceremony.params.threshold
  const n = ceremony.params.trusteeKeys.length
  const lagrange = lagrangeCache()
  return ballots.map((ballot, k): BallotOutcome => {
    const position = range.first + k
    const refusal = invalid.get(position)
    if (refusal) return { position, counted: false, spoiled: refusal }
    const chunk = usable.get(position - (position % SHARE_CHUNK))
    const trustees: number[] = []
    const points: RistrettoPoint[] = []
    for (let trustee = 1; trustee <= n && trustees.length < t; trustee++) {
      const entry = chunk?.get(trustee)
      if (!entry || entry.bad.has(position)) continue
      trustees.push(trustee)
      points.push(entry.batch.shares[position - entry.batch.first].share)
    }
    if (trustees.length < t) return { position, counted: false, spoiled: 'not_enough_shares' }
    const sharedPoint = mulAddUnsafe(RistrettoPoint, points, lagrange(trustees))
    const opened = openChoices(ballot, ceremony.context.electionKey, sharedPoint)
    if (!opened.ok) return { position, counted: false, spoiled: opened.reason }
    const violations = checkChoices(opened.choices, rules)
    if (violations.length > 0) {
      const reasons = violations.map(describeViolation).join('; ')
      return { position, counted: false, spoiled: `rule_violation: ${reasons}` }
    }
    return { position, counted: true, choices: opened.choices }
  })
}

/* ----------------------------------------------------------------------------------------- tally */

export interface ProjectTally {
  projectId: number
  votes: number
  points: number
}

/** Step 5: votes (ballots choosing the project) and points (their weights), ascending project id. */
export function tallyOutcomes(
  rules: CampaignRules,
  outcomes: readonly BallotOutcome[]
): ProjectTally[] {
  const byId = new Map(rules.projects.map((p) => [p.id, { projectId: p.id, votes: 0, points: 0 }]))
  for (const outcome of outcomes) {
    if (!outcome.counted) continue
    for (const choice of outcome.choices) {
      const tally = byId.get(choice.projectId)
      if (!tally) continue
      tally.votes += 1
      tally.points += choice.weight
    }
  }
  return [...byId.values()].sort((a, b) => a.projectId - b.projectId)
}

/** The sum of slices' tallies (same projects, same order). */
export function mergeTallies(slices: readonly (readonly ProjectTally[])[]): ProjectTally[] {
  const byId = new Map<number, ProjectTally>()
  for (const slice of slices) {
    for (const t of slice) {
      const sum = byId.get(t.projectId) ?? { projectId: t.projectId, votes: 0, points: 0 }
      sum.votes += t.votes
      sum.points += t.points
      byId.set(t.projectId, sum)
    }
  }
  return [...byId.values()].sort((a, b) => a.projectId - b.projectId)
}

/* ------------------------------------------------------------------------------------ everything */

export interface ThresholdTallyInput {
  campaign: ThresholdCampaign
  ceremony: CeremonyRecords
  /** The campaign's encrypted ballots in ledger order (or the slice `range`). */
  ballots: readonly EncryptedBallot[]
  /** Decryption share batches, any order, possibly invalid or more than t per chunk. */
  batches: readonly DecryptionShareBatch[]
  /** Default: `ballots` is the whole list, from position 0. */
  range?: BallotRange
  rng?: Rng
}

export type ThresholdTally =
  | { ok: false; error: string }
  | {
      ok: true
      ceremony: CeremonyOutcome
      /** Ballots whose proof fails (`ballots: position 3 invalid_proof`); empty when all pass. */
      problems: string[]
      batches: BatchVerdict[]
      ballots: BallotOutcome[]
      tallies: ProjectTally[]
      counted: number
      spoiled: number
    }

/** Steps 1–5 over one campaign (or one chunk-aligned slice of its ballots). */
export function thresholdTally(input: ThresholdTallyInput): ThresholdTally {
  const range = input.range ?? { first: 0, total: input.ballots.length }
  if (range.first % SHARE_CHUNK !== 0)
    return { ok: false, error: `ballots: a slice must start at a multiple of ${SHARE_CHUNK}` }
  const ceremony = checkCeremony(input.campaign, input.ceremony)
  if (!ceremony.ok) return ceremony
  const invalid = new Map<number, string>()
  for (const failure of checkEncryptedChoicesBatch(input.ballots, ceremony.context, input.rng)) {
    invalid.set(range.first + failure.index, failure.reason)
  }
  const problems = [...invalid].map(
    ([position, reason]) => `ballots: position ${position} ${reason}`
  )
  const shares = checkShareBatches(ceremony, input.ballots, input.batches, range, input.rng)
  const ballots = decryptBallots(
    ceremony,
    input.campaign,
    input.ballots,
    shares.usable,
    range,
    invalid
  )
  const counted = ballots.filter((b) => b.counted).length
  const { qualified, excluded, absent } = ceremony.result
  return {
    ok: true,
    ceremony: { qualified, excluded, absent },
    problems,
    batches: shares.verdicts,
    ballots,
    tallies: tallyOutcomes(input.campaign, ballots),
    counted,
    spoiled: ballots.length - counted,
  }
}
