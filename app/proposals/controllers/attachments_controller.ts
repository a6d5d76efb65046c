import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { isIdeasOpen } from '#campaigns/campaign_service'
import { hasRole } from '#identity/staff_access'
import type StaffUser from '#identity/models/staff_user'
import Idea from '#proposals/models/idea'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { receiveUploads } from '#shared/upload_intake'
import { attachmentValidator } from '#proposals/validators/idea_validators'
import {
  ATTACHMENTS_PER_IDEA_MAX,
  attachToIdea,
  checkFile,
  readStream,
  storeAttachment,
} from '#proposals/services/attachments'
import { attachmentDto, isPubliclyVisible } from '#proposals/services/idea_queries'
import { removeAttachment } from '#proposals/actions/remove_attachment'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  routeId,
} from '#shared/controllers/responses'
import { currentResident, ideaWithCampaign } from '#proposals/controllers/lookups'

const answer: ModuleResponses = responsesFor('proposals')

/** Photos and documents of ideas: the author adds them; anyone who may see the idea reads them. */
export default class AttachmentsController {
  async store(ctx: HttpContext) {
    const { idea, campaign } = await ideaWithCampaign(ctx)
    const resident = (await currentResident(ctx))!
    if (idea.authorId !== resident.id) notFound()
    if (!isIdeasOpen(campaign) || !['draft', 'published'].includes(idea.status)) {
      return answer.refuse(ctx, 'not_editable')
    }
    await receiveUploads(ctx)
    const { file } = await ctx.request.validateUsing(attachmentValidator)
    const checked = await checkFile(file)
    if (!checked) answer.failWith(ctx, [{ field: 'file', rule: 'file_type' }])

    const stored = await storeAttachment(idea.id, checked)
    const result = await attachToIdea(stored)
    if (result === 'too_many') {
      answer.failWith(ctx, [
        { field: 'file', rule: 'too_many_files', meta: { max: ATTACHMENTS_PER_IDEA_MAX } },
      ])
    }
    if (result !== 'ok') return answer.refuse(ctx, result)
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(201).send(attachmentDto(stored))
    }
    return answer.backWith(ctx, 'attachment_added')
  }

  /** The author removes an attachment while the idea is editable (moderators: the staff route). */
  async destroy(ctx: HttpContext) {
    const { idea, campaign } = await ideaWithCampaign(ctx)
    const resident = (await currentResident(ctx))!
    const result = await removeAttachment(
      {
        kind: 'author',
        actor: { type: 'resident', id: resident.id, ip: ctx.request.ip() },
        editable: isIdeasOpen(campaign),
      },
      idea.id,
      routeId(ctx, 'attachmentId')
    )
    if (result.outcome === 'not_found') notFound()
    if (result.outcome === 'not_editable') return answer.refuse(ctx, 'not_editable')
    if (ctx.request.accepts(['html', 'json']) === 'json') return ctx.response.noContent()
    return answer.backWith(ctx, 'attachment_removed')
  }

  async show(ctx: HttpContext) {
    const { attachment } = await visibleAttachment(ctx)
    const stream = await readStream(attachment.driveKey)
    const inline = attachment.mime.startsWith('image/')
    ctx.response.header('Content-Type', attachment.mime)
    ctx.response.header('X-Content-Type-Options', 'nosniff')
    ctx.response.header(
      'Content-Disposition',
      `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(attachment.originalName)}`
    )
    return ctx.response.stream(stream)
  }

  /**
   * GET /ideas/:id/attachments/:attachmentId/thumb — a photo's WebP thumbnail. An attachment
   * never changes (a new file is a new id), so a public idea's thumbnail may be cached for a
   * year by anyone; a draft's or hidden idea's only by the viewer's browser.
   */
  async thumb(ctx: HttpContext) {
    const { idea, attachment } = await visibleAttachment(ctx)
    if (!attachment.thumbDriveKey) notFound()
    ctx.response.header('Content-Type', 'image/webp')
    ctx.response.header('X-Content-Type-Options', 'nosniff')
    ctx.response.header(
      'Cache-Control',
      isPubliclyVisible(idea)
        ? 'public, max-age=31536000, immutable'
        : 'private, max-age=31536000, immutable'
    )
    return ctx.response.stream(await readStream(attachment.thumbDriveKey))
  }
}

/** The route's attachment of the route's idea, when the caller may see the idea (else 404). */
async function visibleAttachment(ctx: HttpContext) {
  const idea = await Idea.find(routeId(ctx))
  if (!idea) notFound()
  const attachment = await IdeaAttachment.query()
    .where('id', routeId(ctx, 'attachmentId'))
    .where('ideaId', idea.id)
    .first()
  if (!attachment || !(await maySee(ctx, idea))) notFound()
  return { idea, attachment }
}

/**
 * Public ideas for everyone; drafts and hidden ideas for their author and for staff of the
 * idea's community (a grant on the campaign's community or one of its ancestors).
 */
async function maySee(ctx: HttpContext, idea: Idea) {
  if (isPubliclyVisible(idea)) return true
  const resident = await currentResident(ctx)
  if (resident?.id === idea.authorId) return true
  const staffGuard = ctx.auth.use('staff')
  if (!staffGuard.isAuthenticated) await staffGuard.check()
  const staff = staffGuard.user as StaffUser | undefined
  if (!staff) return false
  const campaign = await db
    .from('campaigns')
    .where('id', idea.campaignId)
    .select('community_id as communityId')
    .first()
  if (!campaign) return false
  return hasRole(staff, ['admin', 'moderator', 'expert', 'observer'], {
    communityId: campaign.communityId,
  })
}
