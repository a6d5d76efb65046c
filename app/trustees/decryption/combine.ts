import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import {
  mergeTallies,
  SHARE_CHUNK,
  thresholdTally,
  type ThresholdTally,
  type ThresholdTallyInput,
} from '@civic-budget/protocol/threshold_tally'
import Campaign from '#campaigns/models/campaign'
import { stageIndex } from '#campaigns/stages'
import CampaignOutcome from '#outcomes/models/campaign_outcome'
import { computeCampaignOutcome, publishOutcome } from '#outcomes/platform/campaign_outcome'
import { audit, type AuditActor } from '#shared/audit'
import { resultsChanged } from '#shared/results_changes'
import {
  ceremonyRecordsOf,
  encryptedBallotsOf,
  encryptedCampaignOf,
  shareBatchesOf,
  type StoredBallot,
} from '#trustees/decryption/campaign_inputs'
import { writeDecryptedBallots, type DecryptedBallot } from '#trustees/decryption/decrypted_ballots'

/*
| The combination (`node ace trustees:decrypt <campaignId>`, and automatically once every chunk has t
| valid share batches): `threshold_tally.ts` over the campaign tx, the ceremony records, the
| committed encrypted ballots and every share batch; then, in one transaction, the counted ballots
| into the clear read models, the spoiled ones with their reason, and — once the campaign is past
| voting — its outcome recomputed and published as for a clear campaign (unless an admin overrode
| it). Nothing is written while a ballot lacks t valid shares. Idempotent: a second run inserts
| nothing and publishes nothing.
*/

export type CombineResult =
  | {
      status: 'combined'
      ballots: number
      counted: number
      spoiled: number
      /** Rows this run added (0 on a second run). */
      added: number
      outcome: 'published' | 'unchanged' | 'overridden' | 'before_results'
    }
  | { status: 'incomplete'; ballots: number; missing: number }
  | { status: 'failed'; error: string }

const SYSTEM: AuditActor = { type: 'system', id: null }

type Tallied = Extract<ThresholdTally, { ok: true }>

/**
 * `thresholdTally` chunk by chunk (1,024 ballots with their batches), yielding to the event loop in
 * between: at 200,000 ballots the whole takes minutes of CPU, which must not stall the web process
 * in one piece. Every slice recomputes the (small) ceremony; the slices' results add up.
 */
async function tallyInSlices(input: Omit<ThresholdTallyInput, 'range'>): Promise<ThresholdTally> {
  const total = input.ballots.length
  const whole: Tallied = {
    ok: true,
    ceremony: { qualified: [], excluded: [], absent: [] },
    problems: [],
    batches: [],
    ballots: [],
    tallies: [],
    counted: 0,
    spoiled: 0,
  }
  for (let first = 0; first === 0 || first < total; first += SHARE_CHUNK) {
    const end = Math.min(total, first + SHARE_CHUNK)
    const slice = thresholdTally({
      ...input,
      ballots: input.ballots.slice(first, end),
      batches: input.batches.filter((b) => b.first >= first && b.first < end),
      range: { first, total },
    })
    if (!slice.ok) return slice
    whole.ceremony = slice.ceremony
    whole.problems.push(...slice.problems)
    whole.batches.push(...slice.batches)
    whole.ballots.push(...slice.ballots)
    whole.tallies = mergeTallies([whole.tallies, slice.tallies])
    whole.counted += slice.counted
    whole.spoiled += slice.spoiled
    await new Promise((resolve) => setImmediate(resolve))
  }
  return whole
}

async function tallyOf(campaignId: number) {
  const campaign = await encryptedCampaignOf(campaignId, db)
  if (!campaign.ok) return campaign
  const records = await ceremonyRecordsOf(campaignId, db)
  if (!records.ok) return records
  const batches = await shareBatchesOf(campaignId, db)
  if (!batches.ok) return batches
  const ballots = await encryptedBallotsOf(campaignId, db)
  if (!ballots.ok) return ballots
  const tally = await tallyInSlices({
    campaign: campaign.value,
    ceremony: records.value,
    ballots: ballots.value.map((b) => b.ballot),
    batches: batches.value.map((b) => b.batch),
  })
  return { ok: true as const, campaign: campaign.value, ballots: ballots.value, tally }
}

/** Publishes the outcome over the decrypted ballots unless it is already the published one. */
async function publishDecryptedOutcome(
  campaignId: number,
  trx: TransactionClientContract,
  actor: AuditActor
): Promise<Extract<CombineResult, { status: 'combined' }>['outcome']> {
  const campaign = await Campaign.findOrFail(campaignId, { client: trx })
  if (stageIndex(campaign.stage) <= stageIndex('voting')) return 'before_results'
  const stored = await CampaignOutcome.find(campaignId, { client: trx })
  if (stored?.overrideReason) return 'overridden'
  const outcome = await computeCampaignOutcome(campaign, campaign.outcomeRule, trx)
  const selection = (pots: { potId: number; selected: { projectId: number }[] }[]) =>
    JSON.stringify(pots.map((p) => [p.potId, p.selected.map((s) => s.projectId)]))
  if (
    stored &&
    stored.tallyHash === outcome.tallyHash &&
    stored.rule === outcome.rule &&
    selection(stored.pots) === selection(outcome.pots)
  )
    return 'unchanged'
  await publishOutcome(campaign, outcome, trx, { actor })
  return 'published'
}

export async function combineCampaign(
  campaignId: number,
  actor: AuditActor = SYSTEM
): Promise<CombineResult> {
  const loaded = await tallyOf(campaignId)
  if (!loaded.ok) return { status: 'failed', error: loaded.error }
  const { tally, ballots, campaign } = loaded
  if (!tally.ok) return { status: 'failed', error: tally.error }
  if (tally.problems.length > 0) return { status: 'failed', error: tally.problems.join('; ') }
  const missing = tally.ballots.filter((b) => !b.counted && b.spoiled === 'not_enough_shares')
  if (missing.length > 0)
    return { status: 'incomplete', ballots: ballots.length, missing: missing.length }
  const potOfProject = new Map(campaign.projects.map((p) => [p.id, p.potId]))
  const result = await db.transaction(async (trx) => {
    // One combination of a campaign at a time (the command and the automatic run may race).
    await trx.from('campaigns').where('id', campaignId).forUpdate().select('id')
    const added = await writeOutcomes(trx, campaignId, potOfProject, ballots, tally)
    if (added > 0) {
      await trx.from('campaigns').where('id', campaignId).update({ updated_at: new Date() })
      await audit.record(
        actor,
        'trustees.decrypted',
        { type: 'campaign', id: campaignId },
        { ballots: ballots.length, counted: tally.counted, spoiled: tally.spoiled },
        { client: trx }
      )
    }
    const outcome = await publishDecryptedOutcome(campaignId, trx, actor)
    return { added, outcome }
  })
  resultsChanged()
  return {
    status: 'combined',
    ballots: ballots.length,
    counted: tally.counted,
    spoiled: tally.spoiled,
    ...result,
  }
}

async function writeOutcomes(
  trx: TransactionClientContract,
  campaignId: number,
  potOfProject: Map<number, number>,
  ballots: readonly StoredBallot[],
  tally: Tallied
): Promise<number> {
  const counted: DecryptedBallot[] = []
  const spoiled: Record<string, unknown>[] = []
  for (const outcome of tally.ballots) {
    const stored = ballots[outcome.position]
    if (outcome.counted) {
      counted.push({
        ballotHash: stored.ballotHash,
        txHash: stored.txHash,
        height: stored.height,
        choices: outcome.choices.map((c): [number, number] => [c.projectId, c.weight]),
      })
    } else {
      spoiled.push({
        campaign_id: campaignId,
        position: outcome.position,
        ballot_hash: stored.ballotHash,
        reason: outcome.spoiled.slice(0, 500),
        created_at: new Date(),
      })
    }
  }
  let added = await writeDecryptedBallots(trx, campaignId, potOfProject, counted)
  for (let i = 0; i < spoiled.length; i += 1000) {
    const rows = (await trx
      .knexQuery()
      .table('spoiled_ballots')
      .insert(spoiled.slice(i, i + 1000))
      .onConflict(['campaign_id', 'position'])
      .ignore()
      .returning('position')) as unknown[]
    added += rows.length
  }
  const decryption = (await trx
    .knexQuery()
    .table('campaign_decryptions')
    .insert({
      campaign_id: campaignId,
      ballots: ballots.length,
      counted: tally.counted,
      spoiled: tally.spoiled,
      decrypted_at: new Date(),
    })
    .onConflict('campaign_id')
    .ignore()
    .returning('campaign_id')) as unknown[]
  return added + decryption.length
}

/*
| The automatic run after the last needed batch: runs for one campaign are chained (never two at
| once); the latest one's promise is kept (a few hundred campaigns at most) for whoever waits on it.
*/
const latest = new Map<number, Promise<CombineResult>>()
const KEPT = 256

export function combineInBackground(campaignId: number): Promise<CombineResult> {
  const previous = latest.get(campaignId) ?? Promise.resolve(null)
  const next = previous
    .then(() => combineCampaign(campaignId))
    .catch((error): CombineResult => {
      logger.error({ err: error, campaignId }, 'decryption: the combination failed')
      return { status: 'failed', error: String(error) }
    })
  latest.delete(campaignId)
  const oldest = latest.keys().next()
  if (latest.size >= KEPT && !oldest.done) latest.delete(oldest.value)
  latest.set(campaignId, next)
  return next
}

/**
 * Waits for every automatic combination started so far (tests: a combination still running after
 * a test would write into the next one's database state).
 */
export async function settleCombinations(): Promise<void> {
  await Promise.all(latest.values())
}

/** The latest automatic combination of a campaign (running or done), or null. */
export function latestCombination(campaignId: number): Promise<CombineResult> | null {
  return latest.get(campaignId) ?? null
}
