import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import Campaign from '#campaigns/models/campaign'
import { applyStageChange } from '#campaigns/actions/change_stage'
import { withLockedCampaign } from '#campaigns/actions/locked_campaign'
import { nextStage, STAGE_OPENS_AT, type Stage } from '#campaigns/stages'
import type { AuditActor } from '#shared/audit'

/*
| Moves published campaigns along their schedule. For each campaign (not drafting,
| not finished) whose next stage has a date that has come, it moves one step at a
| time until the next date is in the future or unset, recording every move with
| actor "schedule". Safe to run from several processes at once: each campaign is
| re-read under its row lock, so a move happens exactly once.
*/
const SCHEDULE_ACTOR: AuditActor = { type: 'system', id: null, ip: null }

/** Upper bound of steps per campaign per run (there are only six stages after drafting). */
const STEPS_MAX = 6

export interface ScheduledMove {
  campaignId: number
  from: Stage
  to: Stage
}

/** The stage a campaign should move to now, or null. */
export function dueStage(campaign: Campaign, now: DateTime): Stage | null {
  if (campaign.stage === 'drafting') return null
  const next = nextStage(campaign.stage)
  if (next === null || next === 'drafting') return null
  const opensAt = campaign[STAGE_OPENS_AT[next]]
  return opensAt && opensAt <= now ? next : null
}

export async function advanceDueCampaigns(
  now: DateTime = DateTime.now()
): Promise<ScheduledMove[]> {
  const candidates = await Campaign.query()
    .whereNotIn('stage', ['drafting', 'finished'])
    .select('id')
  const moves: ScheduledMove[] = []
  for (const { id } of candidates) {
    const made: ScheduledMove[] = []
    try {
      await withLockedCampaign(id, async (campaign, trx) => {
        for (let step = 0; step < STEPS_MAX; step++) {
          const to = dueStage(campaign, now)
          if (to === null) return
          const from = campaign.stage
          await applyStageChange(campaign, to, SCHEDULE_ACTOR, null, trx)
          made.push({ campaignId: campaign.id, from, to })
        }
      })
      moves.push(...made)
    } catch (error) {
      // A stage hook refused the move (e.g. an encrypted campaign whose key ceremony is not
      // complete): that campaign stays where it was, rolled back; the others still move.
      logger.error({ campaignId: id, err: error }, 'scheduled stage move refused')
    }
  }
  return moves
}
