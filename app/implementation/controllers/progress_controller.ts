import type { HttpContext } from '@adonisjs/core/http'
import {
  findPublic,
  findPublicByRef,
  findPublicBySlug,
  translate,
} from '#campaigns/campaign_service'
import { rowId } from '#shared/row_id'
import { ApiError } from '#shared/api_error'
import { readStream } from '#shared/uploads'
import Project from '#proposals/models/project'
import MilestonePhoto from '#implementation/models/milestone_photo'
import ProjectMilestone from '#implementation/models/project_milestone'
import { fundedProgress } from '#implementation/services/progress'
import { notFound } from '#shared/controllers/responses'

/** Public: every funded project's progress (page and JSON API) and the milestones' photos. */
export default class ProgressController {
  async show(ctx: HttpContext) {
    const campaign = await findPublicBySlug(String(ctx.params.slug))
    if (!campaign) notFound()
    return ctx.inertia.render('campaigns/progress', {
      campaign: {
        id: campaign.id,
        slug: campaign.slug,
        title: translate(campaign.title, ctx.i18n.locale),
        stage: campaign.stage,
        currency: campaign.currency,
      },
      projects: await fundedProgress(campaign.id),
    })
  }

  async api(ctx: HttpContext) {
    const campaign = await findPublicByRef(String(ctx.params.id))
    if (!campaign) {
      throw new ApiError(404, 'not_found', ctx.i18n.t('errors.not_found', {}, 'Not found'))
    }
    const rows = await fundedProgress(campaign.id)
    return rows.map((row) => ({
      projectId: row.projectId,
      title: row.title,
      cost: row.cost,
      status: row.status,
      progressPercent: row.progressPercent,
      milestones: row.milestones.map((milestone) => ({
        date: milestone.date,
        description: milestone.description,
        photos: milestone.photos.map((photo) => photo.url),
      })),
    }))
  }

  /** A photo, only while its project is funded in a published campaign. */
  async photo(ctx: HttpContext) {
    const id = rowId(ctx.params.id)
    const photo = id === null ? null : await MilestonePhoto.find(id)
    const milestone = photo ? await ProjectMilestone.find(photo.milestoneId) : null
    const project = milestone ? await Project.find(milestone.projectId) : null
    const campaign = project?.funded ? await findPublic(project.campaignId) : null
    if (!photo || !campaign) notFound()
    ctx.response.header('Content-Type', photo.mime)
    ctx.response.header('X-Content-Type-Options', 'nosniff')
    ctx.response.header('Content-Disposition', 'inline')
    return ctx.response.stream(await readStream(photo.driveKey))
  }
}
