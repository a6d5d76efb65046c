import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { audit, type AuditActor } from '#shared/audit'
import type Campaign from '#campaigns/models/campaign'
import { potsWithRules, type PotWithRule } from '#campaigns/campaign_service'
import Project from '#proposals/models/project'
import { majorAmount } from '#shared/currencies'
import { invalid, type FieldError, type Invalid, type NotFound } from '#shared/actions'
import { withLockedIdea } from '#proposals/actions/locked_idea'
import type { ApproveInput, BallotEntryInput } from '#proposals/validators/review_validators'
import { deliver, recordNotice, type PendingNotice } from '#proposals/services/notify'
import { emitDomainEvent } from '#shared/domain_events'
import { recordFollowerNotices } from '#proposals/services/follower_notices'

/** The ballot list may change only before voting opens. */
export function isBallotEditable(campaign: Campaign): boolean {
  return ['ideas', 'review'].includes(campaign.stage)
}

type Locked = { outcome: 'locked' }
type NotAllowed = { outcome: 'not_allowed' }

/**
 * The pot must be the campaign's, the cost must fit its budget (a knapsack ballot needs it) and
 * its project cost band, if it has one.
 */
function checkPot(campaign: Campaign, pots: PotWithRule[], potId: number, cost: number) {
  const pot = pots.find((candidate) => candidate.id === potId)
  if (!pot) return [{ field: 'potId', rule: 'unknown_pot' }]
  const money = (minor: number) => majorAmount(minor, campaign.currency)
  const error = (rule: string, meta: Record<string, string>): FieldError[] => [
    { field: 'cost', rule, meta },
  ]
  if (cost > pot.budget) return error('cost_over_pot', { budget: money(pot.budget) })
  if (pot.minProjectCost !== null && cost < pot.minProjectCost)
    return error('cost_below_band', { min: money(pot.minProjectCost) })
  if (pot.maxProjectCost !== null && cost > pot.maxProjectCost)
    return error('cost_above_band', { max: money(pot.maxProjectCost) })
  return []
}

async function nextPosition(trx: TransactionClientContract, potId: number) {
  const [row] = await trx.from('projects').where('pot_id', potId).max('position as last')
  return Number(row?.last ?? -1) + 1
}

/** An admin puts an idea on the ballot as a project with its final cost and pot. */
export async function approveIdea(
  actor: AuditActor,
  campaign: Campaign,
  ideaId: number,
  input: ApproveInput
): Promise<{ outcome: 'ok'; project: Project } | Invalid | NotFound | Locked | NotAllowed> {
  if (!isBallotEditable(campaign)) return { outcome: 'locked' }
  const pots = await potsWithRules(campaign)
  const errors = checkPot(campaign, pots, input.potId, input.cost)
  if (errors.length > 0) return invalid(...errors)
  const notices: PendingNotice[] = []
  const result = await withLockedIdea(ideaId, async (idea, trx) => {
    if (idea.campaignId !== campaign.id) return { outcome: 'not_found' as const }
    if (!['published', 'in_review'].includes(idea.status))
      return { outcome: 'not_allowed' as const }
    const project = new Project()
    project.useTransaction(trx)
    project.merge({
      ideaId: idea.id,
      campaignId: campaign.id,
      potId: input.potId,
      title: input.title ?? idea.title,
      cost: input.cost,
      position: await nextPosition(trx, input.potId),
    })
    await project.save()
    idea.status = 'on_ballot'
    idea.decidedAt = DateTime.now()
    idea.useTransaction(trx)
    await idea.save()
    notices.push(await recordNotice(trx, idea, 'idea_approved', { cost: input.cost }))
    notices.push(...(await recordFollowerNotices(trx, idea, 'followed_approved')))
    await audit.record(
      actor,
      'idea.approved',
      { type: 'idea', id: idea.id },
      {
        after: {
          projectId: project.id,
          cost: project.cost,
          potId: project.potId,
          title: project.title,
        },
      },
      { client: trx }
    )
    await emitDomainEvent(
      { type: 'project.approved', campaignId: campaign.id, ideaId: idea.id, projectId: project.id },
      trx
    )
    return { outcome: 'ok' as const, project }
  })
  await deliver(notices)
  return result
}

/** An admin rejects an idea with a reason the author sees. */
export async function rejectIdea(
  actor: AuditActor,
  campaign: Campaign,
  ideaId: number,
  reason: string
): Promise<{ outcome: 'ok' } | NotFound | Locked | NotAllowed> {
  if (!isBallotEditable(campaign)) return { outcome: 'locked' }
  const notices: PendingNotice[] = []
  const result = await withLockedIdea(ideaId, async (idea, trx) => {
    if (idea.campaignId !== campaign.id) return { outcome: 'not_found' as const }
    if (!['published', 'in_review'].includes(idea.status))
      return { outcome: 'not_allowed' as const }
    idea.status = 'rejected'
    idea.rejectionReason = reason
    idea.decidedAt = DateTime.now()
    idea.useTransaction(trx)
    await idea.save()
    notices.push(await recordNotice(trx, idea, 'idea_rejected', { reason }))
    notices.push(...(await recordFollowerNotices(trx, idea, 'followed_rejected', { reason })))
    await audit.record(
      actor,
      'idea.rejected',
      { type: 'idea', id: idea.id },
      {
        after: { status: 'rejected', reason },
      },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
  await deliver(notices)
  return result
}

/** The ballot list editor: a project's cost, pot, position (and title) until voting opens. */
export async function updateBallotEntry(
  actor: AuditActor,
  campaign: Campaign,
  projectId: number,
  input: BallotEntryInput
): Promise<{ outcome: 'ok'; project: Project } | Invalid | NotFound | Locked> {
  if (!isBallotEditable(campaign)) return { outcome: 'locked' }
  const pots = await potsWithRules(campaign)
  const errors = checkPot(campaign, pots, input.potId, input.cost)
  if (errors.length > 0) return invalid(...errors)
  return db.transaction(async (trx) => {
    const project = await Project.query({ client: trx }).where('id', projectId).forUpdate().first()
    if (!project || project.campaignId !== campaign.id) return { outcome: 'not_found' as const }
    const before = {
      cost: project.cost,
      potId: project.potId,
      position: project.position,
      title: project.title,
    }
    project.merge({
      cost: input.cost,
      potId: input.potId,
      position: input.position,
      title: input.title ?? project.title,
    })
    project.useTransaction(trx)
    await project.save()
    await audit.record(
      actor,
      'project.updated',
      { type: 'project', id: project.id },
      {
        before,
        after: {
          cost: project.cost,
          potId: project.potId,
          position: project.position,
          title: project.title,
        },
      },
      { client: trx }
    )
    return { outcome: 'ok' as const, project }
  })
}
