import type { HttpContext } from '@adonisjs/core/http'
import { findPublic, findPublicByRef } from '#campaigns/campaign_service'
import { rowId } from '#shared/row_id'
import { ApiError } from '#shared/api_error'
import Project from '#proposals/models/project'
import { projectSearchValidator } from '#proposals/validators/idea_validators'
import { projectDto, searchProjects } from '#proposals/services/idea_queries'

/** Public read-only JSON: the projects on a campaign's ballot (with search), and one project. */
export default class ApiProjectsController {
  /** GET /api/v1/campaigns/:ref/projects — the campaign by id or by slug. */
  async index(ctx: HttpContext) {
    const campaign = await findPublicByRef(String(ctx.params.id))
    if (!campaign) throw notFoundError(ctx)
    const filters = await projectSearchValidator.validate(ctx.request.qs())
    return searchProjects(campaign.id, filters)
  }

  async show(ctx: HttpContext) {
    const id = rowId(ctx.params.id)
    const project = id === null ? null : await Project.find(id)
    const campaign = project ? await findPublic(project.campaignId) : null
    if (!project || !campaign) throw notFoundError(ctx)
    return projectDto(project)
  }
}

function notFoundError(ctx: HttpContext) {
  return new ApiError(404, 'not_found', ctx.i18n.t('errors.not_found', {}, 'Not found'))
}
