import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { errors as vineErrors } from '@vinejs/vine'
import { actorOf, type AuditActor } from '#shared/audit'
import { rowId } from '#campaigns/ids'
import { findPublic } from '#campaigns/campaign_service'
import type Campaign from '#campaigns/models/campaign'
import type Resident from '#identity/models/resident'
import Idea from '#proposals/models/idea'
import type { FieldError } from '#proposals/actions/support'

export function notFound(): never {
  throw new Exception('Not found', { status: 404, code: 'E_NOT_FOUND' })
}

/** Action field errors as a validation failure (redirect back with errors, or 422 JSON). */
export function failWith(ctx: HttpContext, errors: FieldError[]): never {
  throw new vineErrors.E_VALIDATION_ERROR(
    errors.map((error) => ({
      field: error.field,
      rule: error.rule,
      message: ctx.i18n.t(`proposals.errors.${error.rule}`, error.meta ?? {}),
    }))
  )
}

/** A refusal that is not about one field (closed stage, not eligible, …): 409 JSON or a flash. */
export function refuse(ctx: HttpContext, key: string, status = 409) {
  const message = ctx.i18n.t(`proposals.refusals.${key}`)
  if (ctx.request.accepts(['html', 'json']) === 'json' || ctx.request.url().startsWith('/api/')) {
    return ctx.response.status(status).send({ error: key, message })
  }
  ctx.session.flash('error', message)
  return ctx.response.redirect().back()
}

export function backWith(
  ctx: HttpContext,
  key: string,
  values: Record<string, string | number> = {}
) {
  ctx.session.flash('success', ctx.i18n.t(`proposals.flash.${key}`, values))
  return ctx.response.redirect().back()
}

export function routeId(ctx: HttpContext, name = 'id'): number {
  const id = rowId(ctx.params[name])
  if (id === null) notFound()
  return id
}

export function staffActor(ctx: HttpContext): AuditActor & { id: number } {
  const actor = actorOf(ctx)
  if (actor.type !== 'staff' || actor.id === null) {
    throw new Error('assertion: staff routes run with a staff actor')
  }
  return actor as AuditActor & { id: number }
}

export async function currentResident(ctx: HttpContext): Promise<Resident | null> {
  const guard = ctx.auth.use('resident')
  if (!guard.isAuthenticated) await guard.check()
  return (guard.user as Resident | undefined) ?? null
}

/** The idea of `:id` with its (published) campaign, or 404. */
export async function ideaWithCampaign(
  ctx: HttpContext,
  name = 'id'
): Promise<{ idea: Idea; campaign: Campaign }> {
  const idea = await Idea.find(routeId(ctx, name))
  const campaign = idea ? await findPublic(idea.campaignId) : null
  if (!idea || !campaign) notFound()
  return { idea, campaign }
}

/** A staff route's idea, authorized: 403 before 404 for members without any proposals role. */
export async function authorizedIdea(
  ctx: HttpContext,
  ability: 'moderate' | 'review' | 'decide' | 'viewReviews'
): Promise<{ idea: Idea; campaign: Campaign }> {
  const id = rowId(ctx.params.id)
  const idea = id === null ? null : await Idea.find(id)
  const campaign = idea ? await findPublic(idea.campaignId) : null
  if (!idea || !campaign) {
    await ctx.bouncer.with('proposal').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('proposal').authorize(ability, campaign)
  return { idea, campaign }
}

/** A staff route's campaign (`:campaignId`), authorized. */
export async function authorizedCampaign(
  ctx: HttpContext,
  ability: 'viewModeration' | 'viewReviews' | 'viewBallot' | 'decide'
): Promise<Campaign> {
  const id = rowId(ctx.params.campaignId)
  const campaign = id === null ? null : await findPublic(id)
  if (!campaign) {
    await ctx.bouncer.with('proposal').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('proposal').authorize(ability, campaign)
  return campaign
}
