import { errors as vineErrors } from '@vinejs/vine'
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import {
  categoriesOf,
  findPublicBySlug,
  isEligible,
  isIdeasOpen,
  potsWithRules,
  translate,
} from '#campaigns/campaign_service'
import { districtsOf } from '#communities/community_tree'
import type Campaign from '#campaigns/models/campaign'
import Idea from '#proposals/models/idea'
import IdeaAttachment from '#proposals/models/idea_attachment'
import saveIdea, { type SaveIdeaResult } from '#proposals/actions/save_idea'
import {
  ideaPhotoValidator,
  ideaSearchValidator,
  ideaValidator,
} from '#proposals/validators/idea_validators'
import { attachToIdea, checkFile, storeAttachment } from '#proposals/services/attachments'
import { receiveUploads } from '#shared/upload_intake'
import {
  ideaDto,
  ideaSummaryDto,
  isPubliclyVisible,
  mappedIdeas,
  searchIdeas,
} from '#proposals/services/idea_queries'
import { mapSettings } from '#shared/map_settings'
import { currentResident, ideaWithCampaign } from '#proposals/controllers/lookups'
import { discussionPropsOf } from '#proposals/services/discussion_queries'
import { COMMENTABLE } from '#proposals/actions/discuss_idea'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  wantsJson,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('proposals')

/** Residents' pages: the ideas of a campaign, one idea, the submit/edit form, my ideas. */
export default class IdeasController {
  async index(ctx: HttpContext) {
    const campaign = await campaignOf(ctx)
    // Bad filters answer 422 with a message per field; the list is shown without them.
    let filters = {}
    let filterErrors: Record<string, string> | null = null
    try {
      filters = await ctx.request.validateUsing(ideaSearchValidator, { data: ctx.request.qs() })
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      const messages = error.messages as { field: string; message: string }[]
      filterErrors = Object.fromEntries(messages.map(({ field, message }) => [field, message]))
      ctx.response.status(422)
    }
    const result = await searchIdeas(campaign, filters)
    return ctx.inertia.render('ideas/index', {
      campaign: await campaignDto(ctx, campaign),
      ...result,
      filters,
      filterErrors,
      canSubmit: isIdeasOpen(campaign),
      ...(await mapProps(campaign)),
    })
  }

  async show(ctx: HttpContext) {
    const { idea, campaign } = await ideaWithCampaign(ctx)
    const resident = await currentResident(ctx)
    const isAuthor = resident?.id === idea.authorId
    if (!isPubliclyVisible(idea) && !isAuthor) notFound()
    const attachments = await IdeaAttachment.query().where('ideaId', idea.id).orderBy('id')
    const supported = resident
      ? await db
          .from('idea_supports')
          .where('idea_id', idea.id)
          .where('resident_id', resident.id)
          .whereNull('withdrawn_at')
          .first()
      : null
    const comments = await db
      .from('idea_comments')
      .where('idea_id', idea.id)
      .where('visibility', 'public')
      .orderBy('id')
      .select('id', 'body', 'created_at as createdAt')
    const reviews = await db
      .from('idea_reviews')
      .where('idea_id', idea.id)
      .select('feasibility', 'explanation', 'cost_estimate as costEstimate')
    const mergedInto = idea.mergedIntoId ? await Idea.find(idea.mergedIntoId) : null
    return ctx.inertia.render('ideas/show', {
      campaign: await campaignDto(ctx, campaign),
      idea: ideaDto(idea, attachments),
      mergedInto: mergedInto && { id: mergedInto.id, title: mergedInto.title },
      isAuthor,
      canEdit: isAuthor && isIdeasOpen(campaign) && ['draft', 'published'].includes(idea.status),
      canSupport: isIdeasOpen(campaign) && ['published', 'in_review'].includes(idea.status),
      supported: Boolean(supported),
      discussion: await discussionPropsOf(
        idea,
        resident?.id ?? null,
        COMMENTABLE.includes(idea.status)
      ),
      map: mapSettings(),
      comments,
      reviews: reviews.map((review) => ({
        ...review,
        costEstimate: review.costEstimate === null ? null : Number(review.costEstimate),
      })),
    })
  }

  async create(ctx: HttpContext) {
    const campaign = await campaignOf(ctx)
    const resident = (await currentResident(ctx))!
    const eligibility = await isEligible(resident, campaign, { age: null })
    return ctx.inertia.render('ideas/form', {
      campaign: await campaignDto(ctx, campaign),
      idea: null,
      open: isIdeasOpen(campaign),
      eligible: eligibility.eligible || eligibility.reason === 'age_unconfirmed',
      map: mapSettings(),
    })
  }

  /** A new idea, with an optional photo (multipart): the photo is checked before the idea is saved. */
  async store(ctx: HttpContext) {
    const campaign = await campaignOf(ctx)
    const resident = (await currentResident(ctx))!
    if (!isIdeasOpen(campaign)) return answer.refuse(ctx, 'closed')
    await receiveUploads(ctx)
    const input = await ctx.request.validateUsing(ideaValidator)
    const { photo } = await ctx.request.validateUsing(ideaPhotoValidator)
    const checked = photo ? await checkFile(photo, { imagesOnly: true }) : null
    if (photo && !checked) answer.failWith(ctx, [{ field: 'photo', rule: 'photo_type' }])
    const result = await saveIdea(resident, campaign, null, input)
    if (result.outcome === 'ok' && checked) {
      await attachToIdea(await storeAttachment(result.idea.id, checked))
    }
    return respond(ctx, result, input.publish ? 'submitted' : 'draft_saved')
  }

  async edit(ctx: HttpContext) {
    const { idea, campaign } = await ideaWithCampaign(ctx)
    const resident = (await currentResident(ctx))!
    if (idea.authorId !== resident.id) notFound()
    const attachments = await IdeaAttachment.query().where('ideaId', idea.id).orderBy('id')
    return ctx.inertia.render('ideas/form', {
      campaign: await campaignDto(ctx, campaign),
      idea: ideaDto(idea, attachments),
      open: isIdeasOpen(campaign) && ['draft', 'published'].includes(idea.status),
      eligible: true,
      map: mapSettings(),
    })
  }

  async update(ctx: HttpContext) {
    const { idea, campaign } = await ideaWithCampaign(ctx)
    const resident = (await currentResident(ctx))!
    if (idea.authorId !== resident.id) notFound()
    const input = await ctx.request.validateUsing(ideaValidator)
    const result = await saveIdea(resident, campaign, idea.id, input)
    return respond(ctx, result, input.publish ? 'submitted' : 'saved')
  }

  /** My ideas, my supports and my notices. */
  async mine(ctx: HttpContext) {
    const resident = (await currentResident(ctx))!
    const ideas = await Idea.query().where('authorId', resident.id).orderBy('id', 'desc').limit(200)
    const supported = await Idea.query()
      .whereIn(
        'id',
        db
          .from('idea_supports')
          .where('resident_id', resident.id)
          .whereNull('withdrawn_at')
          .select('idea_id')
      )
      .orderBy('id', 'desc')
      .limit(200)
    const notices = await db
      .from('resident_notifications')
      .where('resident_id', resident.id)
      .orderBy('id', 'desc')
      .limit(50)
    return ctx.inertia.render('ideas/mine', {
      ideas: ideas.map((idea) => ({
        ...ideaSummaryDto(idea),
        hiddenReason: idea.hiddenReason,
        rejectionReason: idea.rejectionReason,
      })),
      supported: supported.map(ideaSummaryDto),
      notices: notices.map((notice) => ({
        id: Number(notice.id),
        kind: notice.kind as string,
        ideaId: notice.idea_id as number | null,
        text: ctx.i18n.t(`proposals.notices.${notice.kind}`, notice.params ?? {}),
        createdAt: new Date(notice.created_at).toISOString(),
      })),
    })
  }
}

/** The ideas page's map: its settings and markers, or nothing without a tile server. */
async function mapProps(campaign: Campaign) {
  const map = mapSettings()
  return { map, mapped: map ? await mappedIdeas(campaign) : [] }
}

async function campaignOf(ctx: HttpContext): Promise<Campaign> {
  const campaign = await findPublicBySlug(String(ctx.params.slug))
  if (!campaign) notFound()
  return campaign
}

async function campaignDto(ctx: HttpContext, campaign: Campaign) {
  const locale = ctx.i18n.locale
  const pots = await potsWithRules(campaign)
  const categories = await categoriesOf(campaign)
  const districts = await districtsOf(campaign.communityId)
  return {
    id: campaign.id,
    slug: campaign.slug,
    title: translate(campaign.title, locale),
    stage: campaign.stage,
    currency: campaign.currency,
    supportThreshold: campaign.supportThreshold,
    pots: pots.map((pot) => ({
      id: pot.id,
      name: translate(pot.name, locale),
      budget: pot.budget,
    })),
    categories: categories.map((category) => ({
      id: category.id,
      name: translate(category.name, locale),
    })),
    districts: districts.map((district) => ({ id: district.id, name: district.name })),
  }
}

function respond(ctx: HttpContext, result: SaveIdeaResult, flashKey: string) {
  switch (result.outcome) {
    case 'ok':
      if (wantsJson(ctx.request)) {
        return ctx.response.status(200).send({ id: result.idea.id, status: result.idea.status })
      }
      ctx.session.flash('success', ctx.i18n.t(`proposals.flash.${flashKey}`))
      return ctx.response.redirect(`/ideas/${result.idea.id}`)
    case 'invalid':
      return answer.failWith(ctx, result.errors)
    case 'not_found':
      return notFound()
    case 'closed':
      return answer.refuse(ctx, 'closed')
    case 'not_eligible':
      return answer.refuse(ctx, 'not_eligible', 403)
    case 'not_editable':
      return answer.refuse(ctx, 'not_editable')
  }
}
