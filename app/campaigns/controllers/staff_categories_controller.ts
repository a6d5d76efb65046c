import type { HttpContext } from '@adonisjs/core/http'
import saveCategory from '#campaigns/actions/save_category'
import removeCategory from '#campaigns/actions/remove_category'
import { categoryValidator } from '#campaigns/validators/pot_validators'
import { authorizedCampaign } from '#campaigns/controllers/lookups'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  routeId,
  staffActor,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('campaigns')

/** Categories of a campaign (shown on the pots step of the wizard). */
export default class StaffCategoriesController {
  async store(ctx: HttpContext) {
    return this.save(ctx, null)
  }

  async update(ctx: HttpContext) {
    return this.save(ctx, routeId(ctx, 'categoryId'))
  }

  async destroy(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const result = await removeCategory(staffActor(ctx), campaign.id, routeId(ctx, 'categoryId'))
    if (result.outcome === 'not_found') notFound()
    return answer.backWith(ctx, 'category_removed')
  }

  protected async save(ctx: HttpContext, categoryId: number | null) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(categoryValidator)
    const result = await saveCategory(staffActor(ctx), campaign.id, categoryId, input)
    if (result.outcome === 'not_found') notFound()
    if (result.outcome === 'too_many') return answer.refuse(ctx, 'too_many_categories')
    return answer.backWith(ctx, categoryId === null ? 'category_added' : 'category_saved')
  }
}
