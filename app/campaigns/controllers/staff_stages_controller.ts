import type { HttpContext } from '@adonisjs/core/http'
import changeStage from '#campaigns/actions/change_stage'
import { stageChangeValidator } from '#campaigns/validators/settings_validators'
import { authorizedCampaign } from '#campaigns/controllers/lookups'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  staffActor,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('campaigns')

/** Stage control: an admin publishes, moves forward, or reopens ideas from review. */
export default class StaffStagesController {
  async update(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(stageChangeValidator)
    const result = await changeStage(staffActor(ctx), campaign.id, input)
    switch (result.outcome) {
      case 'ok':
        return answer.backWith(ctx, 'stage_changed', {
          stage: ctx.i18n.t(`campaigns.stages.${result.to}`),
        })
      case 'reason_required':
        return answer.failWith(ctx, [{ field: 'reason', rule: 'reason_required' }])
      case 'not_allowed':
        return answer.failWith(ctx, [{ field: 'to', rule: 'stage_not_allowed' }])
      case 'stale':
        return answer.refuse(ctx, 'stage_stale', 409, {
          stage: ctx.i18n.t(`campaigns.stages.${result.current}`),
        })
      case 'no_pots':
        return answer.refuse(ctx, 'no_pots')
      case 'not_found':
        return notFound()
    }
  }
}
