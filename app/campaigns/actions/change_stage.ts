import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { audit, type AuditActor } from '#shared/audit'
import type Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignStageChange from '#campaigns/models/campaign_stage_change'
import { transitionKind, type Stage } from '#campaigns/stages'
import type { StageChangeInput } from '#campaigns/validators/settings_validators'
import { withLockedCampaign } from '#campaigns/actions/locked_campaign'
import type { NotFound } from '#shared/actions'
import { runStageEnteredHooks } from '#campaigns/extensions'
import { emitDomainEvent } from '#shared/domain_events'

export type ChangeStageResult =
  | { outcome: 'ok'; from: Stage; to: Stage }
  | { outcome: 'stale'; current: Stage }
  | { outcome: 'not_allowed' }
  | { outcome: 'reason_required' }
  | { outcome: 'no_pots' }
  | NotFound

/**
 * An admin moves a campaign one stage forward, or reopens ideas from review
 * (with a reason). `from` is the stage the admin saw: if the campaign moved in
 * the meantime (another admin, the schedule) the answer is `stale`, never a
 * second move.
 */
export default async function changeStage(
  actor: AuditActor & { type: 'staff' },
  campaignId: number,
  input: StageChangeInput
): Promise<ChangeStageResult> {
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    if (campaign.stage !== input.from) return { outcome: 'stale' as const, current: campaign.stage }
    const kind = transitionKind(campaign.stage, input.to)
    if (kind === null) return { outcome: 'not_allowed' as const }
    const reason = input.reason?.trim() || null
    if (kind === 'reopen' && reason === null) return { outcome: 'reason_required' as const }
    if (campaign.stage === 'drafting') {
      const pots = await CampaignPot.query({ client: trx }).where('campaignId', campaign.id)
      if (pots.length === 0) return { outcome: 'no_pots' as const }
    }
    const from = campaign.stage
    await applyStageChange(campaign, input.to, actor, reason, trx)
    return { outcome: 'ok' as const, from, to: input.to }
  })
}

/**
 * Moves a locked campaign to `to` and records it (campaign_stage_changes and
 * the audit log). Callers have checked the move with `transitionKind`.
 */
export async function applyStageChange(
  campaign: Campaign,
  to: Stage,
  actor: AuditActor,
  reason: string | null,
  trx: TransactionClientContract
): Promise<void> {
  const from = campaign.stage
  if (transitionKind(from, to) === null) {
    throw new Error(`assertion: stage move ${from} → ${to} is not allowed`)
  }
  campaign.stage = to
  campaign.useTransaction(trx)
  await campaign.save()
  await CampaignStageChange.create(
    {
      campaignId: campaign.id,
      fromStage: from,
      toStage: to,
      actorType: actor.type === 'staff' ? 'staff' : 'schedule',
      staffUserId: actor.type === 'staff' ? actor.id : null,
      reason,
      changedAt: DateTime.now(),
    },
    { client: trx }
  )
  await audit.record(
    actor,
    'campaign.stage_changed',
    { type: 'campaign', id: campaign.id },
    { from, to, by: actor.type === 'staff' ? 'staff' : 'schedule', reason },
    { client: trx }
  )
  // Other modules' work on entering a stage (the voting module creates the registrar key).
  await runStageEnteredHooks(campaign, trx)
  await emitDomainEvent({ type: 'campaign.stage_changed', campaignId: campaign.id, from, to }, trx)
  if (to === 'voting')
    await emitDomainEvent({ type: 'campaign.voting_opened', campaignId: campaign.id }, trx)
  if (from === 'voting')
    await emitDomainEvent({ type: 'campaign.voting_closed', campaignId: campaign.id }, trx)
}
