import { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { AuditActor } from '#shared/audit'
import { audit } from '#shared/audit'
import { emitDomainEvent } from '#shared/domain_events'
import type Campaign from '#campaigns/models/campaign'
import type { OutcomeRule } from '#campaigns/models/campaign'
import { hexToBytes } from '@civic-budget/protocol/bytes'
import { enqueueRecord } from '#ledger/record'
import { applyFundingDecision } from '#implementation/actions/track_implementation'
import CampaignOutcome from '#outcomes/models/campaign_outcome'
import { type BallotRecordRow, campaignPotBallots } from './campaign_ballots.js'
import { type PotOutcome, runPotRule } from './pot_outcome.js'
import { publishedTallies, tallyHash } from './tally_hash.js'
import { publicationHeld } from './publication_gates.js'

/*
 * A campaign's outcome: the rule per pot over `ballot_records`, the tally hash over `tally_projects`,
 * stored in `campaign_outcomes`, applied to the projects' funding (implementation module) and
 * committed to the ledger as an `outcome` record — all in the caller's transaction.
 */

export interface ComputedCampaignOutcome {
  rule: OutcomeRule
  pots: PotOutcome[]
  tallyHash: string
}

export async function computeCampaignOutcome(
  campaign: Campaign,
  rule: OutcomeRule,
  client: QueryClientContract,
  records?: BallotRecordRow[]
): Promise<ComputedCampaignOutcome> {
  const pots = await campaignPotBallots(campaign.id, client, records)
  return {
    rule,
    pots: pots.map((pot) => runPotRule(pot, rule)),
    tallyHash: tallyHash(campaign.id, await publishedTallies(campaign.id, client)),
  }
}

/**
 * The ledger payload (ledger-node README "Platform records": outcome). The replicas take pots and
 * each pot's project ids in ascending order only: the record carries the selected set, while the
 * selection order stays in `campaign_outcomes` (the tally hash covers counts, not this list).
 */
export function outcomePayload(
  campaignId: number,
  outcome: {
    rule: string
    tallyHash: string
    pots: { potId: number; selected: { projectId: number }[] }[]
  },
  overrideReason: string | null
) {
  const pots = [...outcome.pots].sort((a, b) => a.potId - b.potId)
  return [
    1,
    campaignId,
    outcome.rule,
    hexToBytes(outcome.tallyHash, 32),
    pots.map((pot) => [pot.potId, pot.selected.map((s) => s.projectId).sort((a, b) => a - b)]),
    overrideReason ?? '',
  ]
}

export interface PublishOptions {
  actor: AuditActor
  /** Set when an admin replaced the rule's selection; shown publicly and put on the ledger. */
  overrideReason?: string | null
  /** false for imported campaigns: they never had a ledger. */
  ledger?: boolean
}

/** Stores (or replaces) the campaign's published outcome, funds its selection, queues the record. */
export async function publishOutcome(
  campaign: Campaign,
  outcome: ComputedCampaignOutcome,
  trx: TransactionClientContract,
  options: PublishOptions
): Promise<CampaignOutcome> {
  const overrideReason = options.overrideReason?.trim() || null
  const queued =
    options.ledger === false
      ? null
      : await enqueueRecord('outcome', outcomePayload(campaign.id, outcome, overrideReason), trx)
  const now = DateTime.now()
  const previous = await CampaignOutcome.find(campaign.id, { client: trx })
  const row = previous ?? new CampaignOutcome()
  row.useTransaction(trx)
  row.merge({
    campaignId: campaign.id,
    rule: outcome.rule,
    pots: outcome.pots,
    tallyHash: outcome.tallyHash,
    overrideReason,
    overriddenBy: overrideReason && options.actor.type === 'staff' ? options.actor.id : null,
    ledgerTxHash: queued?.txHash ?? null,
    computedAt: now,
    publishedAt: now,
  })
  await row.save()
  const selected = outcome.pots.flatMap((pot) => pot.selected.map((s) => s.projectId))
  await applyFundingDecision(options.actor, campaign, selected, trx)
  await audit.record(
    options.actor,
    overrideReason ? 'outcome.overridden' : 'outcome.published',
    { type: 'campaign', id: campaign.id },
    {
      rule: outcome.rule,
      tallyHash: outcome.tallyHash,
      selected: outcome.pots.map((pot) => ({
        potId: pot.potId,
        projects: pot.selected.map((s) => s.projectId),
      })),
      overrideReason,
      before: previous
        ? {
            rule: previous.rule,
            selected: previous.pots.map((p) => p.selected.map((s) => s.projectId)),
          }
        : null,
      ledgerTxHash: queued?.txHash ?? null,
    },
    { client: trx }
  )
  // An imported (historical) campaign's outcome is not news: no webhook, no notice.
  if (options.ledger !== false) {
    await emitDomainEvent({ type: 'campaign.results_published', campaignId: campaign.id }, trx)
  }
  return row
}

/**
 * The stage hook: entering `results` computes the campaign's rule and publishes it, unless a
 * module holds the publication back (`holdPublicationWhen`: an encrypted campaign not yet decrypted).
 */
export async function publishOnResults(campaign: Campaign, trx: TransactionClientContract) {
  if (await publicationHeld(campaign, trx)) return
  const outcome = await computeCampaignOutcome(campaign, campaign.outcomeRule, trx)
  await publishOutcome(campaign, outcome, trx, { actor: { type: 'system', id: null } })
}
