import type { HttpContext } from '@adonisjs/core/http'
import changeStage from '#campaigns/actions/change_stage'
import { stageChangeValidator } from '#campaigns/validators/settings_validators'
import {
  authorizedCampaign,
  backWith,
  failWith,
  notFound,
  staffActor,
} from '#campaigns/controllers/support'

/** Stage control: an admin publishes, moves forward, or reopens ideas from review. */
export default class StaffStagesController {
  async update(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(stageChangeValidator)
    const result = await changeStage(staffActor(ctx), campaign.id, input)
    switch (result.outcome) {
      case 'ok':
        return backWith(ctx, 'success', 'stage_changed', {
          stage: ctx.i18n.t(`campaigns.stages.${result.to}`),
        })
      case 'reason_required':
        return failWith(ctx, [{ field: 'reason', rule: 'reason_required' }])
      case 'not_allowed':
        return failWith(ctx, [{ field: 'to', rule: 'stage_not_allowed' }])
      case 'stale':
        return backWith(ctx, 'error', 'stage_stale', {
          stage: ctx.i18n.t(`campaigns.stages.${result.current}`),
        })
      case 'no_pots':
        return backWith(ctx, 'error', 'no_pots')
      case 'not_found':
        return notFound()
    }
  }
}
