import type { HttpContext } from '@adonisjs/core/http'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import { translate } from '#campaigns/campaign_service'
import Campaign from '#campaigns/models/campaign'
import { stageIndex, STAGES } from '#campaigns/stages'
import Project from '#proposals/models/project'
import { removeStored, sniffType, storeUpload, type StoredBlob } from '#shared/uploads'
import { receiveUploads } from '#shared/upload_intake'
import {
  isFundingOpen,
  removeMilestone,
  saveMilestone,
  setFunding,
  updateProgress,
} from '#implementation/actions/track_implementation'
import {
  fundingValidator,
  milestoneValidator,
  progressValidator,
} from '#implementation/validators/implementation_validators'
import { PROJECTS_LIST_MAX, withProgress } from '#implementation/services/progress'
import { authorizedProject, authorizedCampaign } from '#implementation/controllers/lookups'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  routeId,
  staffActor,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('implementation')

const CAMPAIGNS_LIST_MAX = 200
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp']

function campaignDto(ctx: HttpContext, campaign: Campaign) {
  return {
    id: campaign.id,
    slug: campaign.slug,
    title: translate(campaign.title, ctx.i18n.locale),
    stage: campaign.stage,
    currency: campaign.currency,
    fundingOpen: isFundingOpen(campaign),
  }
}

/**
 * Checks every new photo's real type (magic bytes, images only), then streams them to the
 * disk (SHA-256 on the way). A wrong type is a field error before anything is stored.
 */
async function storePhotos(ctx: HttpContext, projectId: number, files: MultipartFile[]) {
  const types = []
  for (const [index, file] of files.entries()) {
    const type = file.tmpPath ? await sniffType(file.tmpPath) : null
    if (!type || !IMAGE_TYPES.includes(type.mime)) {
      answer.failWith(ctx, [{ field: `photos.${index}`, rule: 'file_type' }])
    }
    types.push(type)
  }
  const stored: StoredBlob[] = []
  try {
    for (const [index, file] of files.entries()) {
      stored.push(await storeUpload(`milestones/${projectId}`, file, types[index]))
    }
  } catch (error) {
    await removeAll(stored.map((blob) => blob.driveKey))
    throw error
  }
  return stored
}

async function removeAll(keys: string[]) {
  for (const key of keys) await removeStored(key)
}

/** Staff screens of implementation tracking: funding, status/progress, milestones with photos. */
export default class StaffImplementationController {
  /** Campaigns from the voting stage on that the member may see. */
  async index(ctx: HttpContext) {
    await ctx.bouncer.with('implementation').authorize('viewAny')
    const campaigns = await Campaign.query()
      .whereIn(
        'stage',
        STAGES.filter((stage) => stageIndex(stage) >= stageIndex('voting'))
      )
      .orderBy('id', 'desc')
      .limit(CAMPAIGNS_LIST_MAX)
    const visible = []
    for (const campaign of campaigns) {
      if (!(await ctx.bouncer.with('implementation').allows('view', campaign))) continue
      const [row] = await Project.query()
        .where('campaignId', campaign.id)
        .where('funded', true)
        .count('* as total')
      visible.push({ ...campaignDto(ctx, campaign), funded: Number(row.$extras.total) })
    }
    return ctx.inertia.render('staff/implementation/index', { campaigns: visible })
  }

  /** One campaign's projects on the ballot: funded or not, status and progress. */
  async campaign(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'view')
    const projects = await Project.query()
      .where('campaignId', campaign.id)
      .orderBy('funded', 'desc')
      .orderBy('potId')
      .orderBy('position')
      .orderBy('id')
      .limit(PROJECTS_LIST_MAX)
    const rows = await withProgress(projects)
    return ctx.inertia.render('staff/implementation/campaign', {
      campaign: campaignDto(ctx, campaign),
      projects: rows.map(({ milestones, ...row }) => ({ ...row, milestones: milestones.length })),
      canManage: await ctx.bouncer.with('implementation').allows('manage', campaign),
    })
  }

  /** One project: the status/progress form and the milestones. */
  async project(ctx: HttpContext) {
    const { project, campaign } = await authorizedProject(ctx, 'view')
    const [row] = await withProgress([project])
    return ctx.inertia.render('staff/implementation/project', {
      campaign: campaignDto(ctx, campaign),
      project: row,
      canManage: await ctx.bouncer.with('implementation').allows('manage', campaign),
    })
  }

  async funding(ctx: HttpContext) {
    const { project, campaign } = await authorizedProject(ctx, 'manage')
    const { funded } = await ctx.request.validateUsing(fundingValidator)
    const result = await setFunding(staffActor(ctx), campaign, project.id, funded)
    switch (result.outcome) {
      case 'ok':
      case 'unchanged':
        return answer.backWith(ctx, funded ? 'funded' : 'unfunded')
      case 'too_early':
        return answer.refuse(ctx, 'too_early')
      case 'not_found':
        return notFound()
    }
  }

  async progress(ctx: HttpContext) {
    const { project, campaign } = await authorizedProject(ctx, 'manage')
    const input = await ctx.request.validateUsing(progressValidator)
    const result = await updateProgress(staffActor(ctx), campaign, project.id, input)
    switch (result.outcome) {
      case 'ok':
        return answer.backWith(ctx, 'progress_saved')
      case 'not_funded':
        return answer.refuse(ctx, 'not_funded')
      case 'not_found':
        return notFound()
    }
  }

  async storeMilestone(ctx: HttpContext) {
    return this.saveMilestone(ctx, null)
  }

  async updateMilestone(ctx: HttpContext) {
    return this.saveMilestone(ctx, routeId(ctx, 'milestoneId'))
  }

  private async saveMilestone(ctx: HttpContext, milestoneId: number | null) {
    const { project, campaign } = await authorizedProject(ctx, 'manage')
    await receiveUploads(ctx)
    const { photos: files, ...input } = await ctx.request.validateUsing(milestoneValidator)
    const stored = await storePhotos(ctx, project.id, files ?? [])
    let result
    try {
      result = await saveMilestone(
        staffActor(ctx),
        campaign,
        project.id,
        milestoneId,
        input,
        stored
      )
    } catch (error) {
      await removeAll(stored.map((blob) => blob.driveKey))
      throw error
    }
    if (result.outcome !== 'ok') await removeAll(stored.map((blob) => blob.driveKey))
    switch (result.outcome) {
      case 'ok':
        await removeAll(result.removedKeys)
        if (ctx.request.accepts(['html', 'json']) === 'json') {
          return ctx.response
            .status(milestoneId === null ? 201 : 200)
            .send({ id: result.milestone.id })
        }
        return answer.backWith(ctx, milestoneId === null ? 'milestone_added' : 'milestone_saved')
      case 'invalid':
        return answer.failWith(ctx, result.errors)
      case 'not_funded':
        return answer.refuse(ctx, 'not_funded')
      case 'not_found':
        return notFound()
    }
  }

  async destroyMilestone(ctx: HttpContext) {
    const { project, campaign } = await authorizedProject(ctx, 'manage')
    const result = await removeMilestone(
      staffActor(ctx),
      campaign,
      project.id,
      routeId(ctx, 'milestoneId')
    )
    switch (result.outcome) {
      case 'ok':
        await removeAll(result.removedKeys)
        return answer.backWith(ctx, 'milestone_removed')
      case 'not_funded':
        return answer.refuse(ctx, 'not_funded')
      case 'not_found':
        return notFound()
    }
  }
}
