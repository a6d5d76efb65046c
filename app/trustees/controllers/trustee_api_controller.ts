import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { ApiError } from '#shared/api_error'
import Campaign from '#campaigns/models/campaign'
import { translate } from '#campaigns/translations'
import { authenticatedTrustee } from '#trustees/trustee_auth'
import { advanceCeremony } from '#trustees/progress'
import { trusteeCeremonyView } from '#trustees/trustee_view'
import { votingClosed } from '#trustees/decryption/voting_closed'
import { postDealing, postKey, postReview, type PostResult } from '#trustees/actions/post_records'
import { recordValidator, reviewValidator } from '#trustees/validators'

/** The trustee API (app/trustees/README.md): bearer invite token, JSON, no session, no CSRF. */
export default class TrusteeApiController {
  async ceremony(ctx: HttpContext) {
    const trustee = await authenticatedTrustee(ctx)
    // Reading also moves the ceremony on (a deadline passed, the last records committed).
    const stored = await db.transaction((trx) => advanceCeremony(trustee.campaignId, trx))
    const campaign = await Campaign.find(trustee.campaignId)
    if (!stored || !campaign) throw this.error(ctx, { status: 409, code: 'no_ceremony' })
    ctx.response.header('Cache-Control', 'no-store')
    return trusteeCeremonyView(
      stored,
      trustee.index,
      { id: campaign.id, title: translate(campaign.title, ctx.i18n.locale) },
      await votingClosed(campaign.id)
    )
  }

  async key(ctx: HttpContext) {
    const trustee = await authenticatedTrustee(ctx)
    const { record } = await ctx.request.validateUsing(recordValidator)
    return this.answer(ctx, await postKey(trustee, record))
  }

  async dealing(ctx: HttpContext) {
    const trustee = await authenticatedTrustee(ctx)
    const { record } = await ctx.request.validateUsing(recordValidator)
    return this.answer(ctx, await postDealing(trustee, record))
  }

  async review(ctx: HttpContext) {
    const trustee = await authenticatedTrustee(ctx)
    const { complaints } = await ctx.request.validateUsing(reviewValidator)
    return this.answer(ctx, await postReview(trustee, complaints))
  }

  private answer(ctx: HttpContext, result: PostResult) {
    if (result.outcome === 'refused') throw this.error(ctx, result)
    return ctx.response.status(201).send({ ok: true })
  }

  private error(
    ctx: HttpContext,
    refusal: { status: number; code: string; details?: Record<string, unknown> }
  ) {
    const message = ctx.i18n.t(`trustees.api.${refusal.code}`, refusal.details ?? {})
    return new ApiError(refusal.status, refusal.code, message, refusal.details)
  }
}
