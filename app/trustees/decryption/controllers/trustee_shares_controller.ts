import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { bytesToHex, hexToBytes } from '@civic-budget/protocol/bytes'
import { SHARE_CHUNK } from '@civic-budget/protocol/threshold_tally'
import { ApiError } from '#shared/api_error'
import { trusteeByToken, type TrusteeRow } from '#trustees/trustee_token'
import {
  countFailedTrusteeToken,
  refuseThrottledTrusteeTokenIp,
} from '#trustees/decryption/trustee_throttle'
import { ballotsQueryValidator, sharesBodyValidator } from '#trustees/decryption/share_validators'
import { encryptedBallotCount } from '#trustees/decryption/campaign_inputs'
import { receiveShares } from '#trustees/decryption/share_intake'
import { votingClosed } from '#trustees/decryption/voting_closed'
import { combineInBackground } from '#trustees/decryption/combine'

/**
 * The trustee API of the decryption (`Authorization: Bearer <invite token>`; CSRF-exempt like all
 * of /api, and no cookie counts here): the campaign's encrypted ballots to decrypt, and the
 * trustee's decryption shares. 20 failed tokens from one address in 15 minutes → 429.
 */
export default class TrusteeSharesController {
  async ballots(ctx: HttpContext) {
    const trustee = await this.trustee(ctx)
    const { first = 0 } = await ctx.request.validateUsing(ballotsQueryValidator, {
      data: ctx.request.qs(),
    })
    const campaignId = trustee.campaignId
    const total = await encryptedBallotCount(campaignId, db)
    const rows = await db
      .from('encrypted_ballots')
      .where('campaign_id', campaignId)
      .where('position', '>=', first)
      .orderBy('position')
      .limit(SHARE_CHUNK)
      .select('position', 'ballot_bytes')
    return {
      campaignId,
      trustee: trustee.index,
      total,
      votingClosed: await votingClosed(campaignId),
      ballots: rows.map((row) => ({
        position: row.position,
        ballot: bytesToHex(new Uint8Array(row.ballot_bytes)),
      })),
    }
  }

  async shares(ctx: HttpContext) {
    const trustee = await this.trustee(ctx)
    const { record } = await ctx.request.validateUsing(sharesBodyValidator)
    const result = await receiveShares(trustee, hexToBytes(record.toLowerCase()), ctx.request.ip())
    if (!result.ok) {
      throw new ApiError(
        result.status,
        result.code,
        ctx.i18n.t(result.message, result.details ?? {}),
        result.details
      )
    }
    // The last batch a ballot needed: decrypt now, without holding this answer (minutes at scale).
    if (result.complete) void combineInBackground(trustee.campaignId)
    return result.verdict === 'valid'
      ? { verdict: 'valid' }
      : { verdict: 'invalid', badPositions: result.badPositions }
  }

  private async trustee(ctx: HttpContext): Promise<TrusteeRow> {
    const ip = ctx.request.ip()
    await refuseThrottledTrusteeTokenIp(ip)
    const header = ctx.request.header('authorization') ?? ''
    const token = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header)?.[1]
    const trustee = await trusteeByToken(token)
    if (trustee) return trustee
    await countFailedTrusteeToken(ip)
    throw new ApiError(
      401,
      'unauthorized',
      ctx.i18n.t('decryption.errors.unauthorized'),
      undefined,
      { 'WWW-Authenticate': 'Bearer' }
    )
  }
}
