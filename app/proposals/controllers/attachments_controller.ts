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
  readStream,
  removeStored,
  sniffType,
  storeAttachment,
} from '#proposals/services/attachments'
import { attachmentDto, isPubliclyVisible } from '#proposals/services/idea_queries'
import { enqueueAttachmentRecord } from '#proposals/ledger_records'
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
    const type = file.tmpPath ? await sniffType(file.tmpPath) : null
    if (!type) answer.failWith(ctx, [{ field: 'file', rule: 'file_type' }])

    const stored = await storeAttachment(idea.id, file, type)
    const result = await db.transaction(async (trx) => {
      // Lock the idea: the count limit and the editable status hold under concurrent uploads.
      const locked = await Idea.query({ client: trx })
        .where('id', idea.id)
        .forUpdate()
        .firstOrFail()
      if (!['draft', 'published'].includes(locked.status)) return 'not_editable' as const
      const [row] = await trx.from('idea_attachments').where('idea_id', idea.id).count('* as total')
      if (Number(row.total) >= ATTACHMENTS_PER_IDEA_MAX) return 'too_many' as const
      stored.useTransaction(trx)
      await stored.save()
      await enqueueAttachmentRecord(trx, locked, stored)
      return 'ok' as const
    })
    if (result !== 'ok') {
      await removeStored(stored.driveKey)
      if (result === 'too_many') {
        answer.failWith(ctx, [
          { field: 'file', rule: 'too_many_files', meta: { max: ATTACHMENTS_PER_IDEA_MAX } },
        ])
      }
      return answer.refuse(ctx, result)
    }
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
    const idea = await Idea.find(routeId(ctx))
    if (!idea) notFound()
    const attachment = await IdeaAttachment.query()
      .where('id', routeId(ctx, 'attachmentId'))
      .where('ideaId', idea.id)
      .first()
    if (!attachment || !(await maySee(ctx, idea))) notFound()
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
