import type { HttpContext } from '@adonisjs/core/http'
import { rowId } from '#shared/row_id'
import { findPublic } from '#campaigns/campaign_service'
import { ballotStatus, castBallot, type Answer } from '#voting/intake/intake'
import { ballotVerdict, type BallotVerdict } from '#voting/ballot_verdict'
import { findActiveTerminal, terminalTokenFrom } from '#voting/terminal_tokens'

/**
 * Ballots (protocol.md "HTTP API"). Anonymous by design: no session, no bearer token, no cookies
 * (`anonymous_ballot_middleware`) — the credential inside the ballot is the authorization, and the
 * ballot must not be linkable to a signed-in person. `Authorization: Terminal <token>` only marks
 * the channel (kiosks and bank terminals).
 */
export default class BallotsController {
  /** POST /api/v1/campaigns/:id/ballots */
  async store(ctx: HttpContext) {
    let channel: 'online' | 'terminal' = 'online'
    let terminalId: number | null = null
    const authorization = ctx.request.header('authorization')
    if (authorization && /^terminal\b/i.test(authorization)) {
      const token = terminalTokenFrom(authorization)
      const terminal = token ? await findActiveTerminal(token) : null
      if (!terminal) {
        ctx.response.header('WWW-Authenticate', 'Terminal')
        const message = this.t(ctx, 'unauthorized', 'A valid terminal token is required')
        return this.error(ctx, 401, 'unauthorized', message)
      }
      channel = 'terminal'
      terminalId = terminal.id
    }
    const campaignId = rowId(ctx.params.id)
    if (campaignId === null) return this.error(ctx, 404, 'not_found', this.t(ctx, 'not_found'))
    const body = ctx.request.body()
    const answer = await castBallot({
      campaignId,
      ballot: body?.ballot,
      signature: body?.signature,
      channel,
      terminalId,
    })
    // The intake checks the body's shape before the campaign; a bad body to a campaign that
    // does not exist is a 404 all the same (looked up only then: the happy path pays nothing).
    if (answer.status === 422 && !(await findPublic(campaignId))) {
      return this.error(ctx, 404, 'not_found', this.t(ctx, 'not_found'))
    }
    return this.send(ctx, answer)
  }

  /** GET /api/v1/ballots/:ballotHash[?wait=<seconds>] (a long poll while pending) */
  async show(ctx: HttpContext) {
    const wait = ctx.request.qs().wait
    if (wait !== undefined && !(typeof wait === 'string' && /^\d{1,3}$/.test(wait))) {
      return this.error(ctx, 422, 'validation_failed', this.t(ctx, 'validation_failed'), {
        errors: [{ field: 'wait', rule: 'integer', message: 'wait must be whole seconds' }],
      })
    }
    const waitMs = wait === undefined ? undefined : Number(wait) * 1000
    const status = await ballotStatus(String(ctx.params.ballotHash), waitMs)
    if (!status) return this.error(ctx, 404, 'not_found', this.t(ctx, 'not_found'))
    // A committed ballot of an encrypted campaign also says what its decryption made of it.
    const verdict =
      status.status === 'committed' ? await ballotVerdict(String(ctx.params.ballotHash)) : null
    if (!verdict) return ctx.response.status(200).send(status)
    return ctx.response.status(200).send({ ...status, verdict: this.described(ctx, verdict) })
  }

  private described(ctx: HttpContext, verdict: BallotVerdict) {
    const key = verdict.status === 'spoiled' ? `spoiled_${verdict.reason}` : verdict.status
    return { ...verdict, message: ctx.i18n?.t(`voting.verdict.${key}`) ?? key }
  }

  private send(ctx: HttpContext, answer: Answer) {
    if ('body' in answer) return ctx.response.status(answer.status).send(answer.body)
    const { refusal } = answer
    if (refusal.retryAfterSeconds !== undefined) {
      ctx.response.header('Retry-After', String(refusal.retryAfterSeconds))
    }
    return this.error(
      ctx,
      refusal.status,
      refusal.code,
      this.t(ctx, refusal.code, refusal.message),
      refusal.details
    )
  }

  private t(ctx: HttpContext, code: string, fallback = 'Not found') {
    const key = code === 'not_found' ? 'errors.not_found' : `voting.errors.${code}`
    return ctx.i18n?.t(key, {}, fallback) ?? fallback
  }

  private error(
    ctx: HttpContext,
    status: number,
    error: string,
    message: string,
    details?: Record<string, unknown>
  ) {
    const body = details === undefined ? { error, message } : { error, message, details }
    return ctx.response.status(status).send(body)
  }
}
