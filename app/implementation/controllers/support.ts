import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { errors as vineErrors } from '@vinejs/vine'
import { actorOf, type AuditActor } from '#shared/audit'
import { rowId } from '#campaigns/ids'
import { findPublic } from '#campaigns/campaign_service'
import type Campaign from '#campaigns/models/campaign'
import Project from '#proposals/models/project'
import type { FieldError } from '#implementation/actions/track_implementation'

export function notFound(): never {
  throw new Exception('Not found', { status: 404, code: 'E_NOT_FOUND' })
}

/** Action field errors as a validation failure (redirect back with errors, or 422 JSON). */
export function failWith(ctx: HttpContext, errors: FieldError[]): never {
  throw new vineErrors.E_VALIDATION_ERROR(
    errors.map((error) => ({
      field: error.field,
      rule: error.rule,
      message: ctx.i18n.t(`implementation.errors.${error.rule}`, error.meta ?? {}),
    }))
  )
}

/** A refusal not about one field (too early, not funded): 409 JSON or a flash. */
export function refuse(ctx: HttpContext, key: string, status = 409) {
  const message = ctx.i18n.t(`implementation.refusals.${key}`)
  if (ctx.request.accepts(['html', 'json']) === 'json') {
    return ctx.response.status(status).send({ error: key, message })
  }
  ctx.session.flash('error', message)
  return ctx.response.redirect().back()
}

export function backWith(ctx: HttpContext, key: string) {
  if (ctx.request.accepts(['html', 'json']) === 'json') {
    return ctx.response.send({ ok: true, message: ctx.i18n.t(`implementation.flash.${key}`) })
  }
  ctx.session.flash('success', ctx.i18n.t(`implementation.flash.${key}`))
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

/** A staff route's campaign (`:campaignId`), authorized: 403 before 404 for members without a role. */
export async function authorizedCampaign(
  ctx: HttpContext,
  ability: 'view' | 'manage'
): Promise<Campaign> {
  const id = rowId(ctx.params.campaignId)
  const campaign = id === null ? null : await findPublic(id)
  if (!campaign) {
    await ctx.bouncer.with('implementation').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('implementation').authorize(ability, campaign)
  return campaign
}

/** A staff route's project (`:projectId`) with its campaign, authorized. */
export async function authorizedProject(
  ctx: HttpContext,
  ability: 'view' | 'manage'
): Promise<{ project: Project; campaign: Campaign }> {
  const id = rowId(ctx.params.projectId)
  const project = id === null ? null : await Project.find(id)
  const campaign = project ? await findPublic(project.campaignId) : null
  if (!project || !campaign) {
    await ctx.bouncer.with('implementation').authorize('viewAny')
    notFound()
  }
  await ctx.bouncer.with('implementation').authorize(ability, campaign)
  return { project, campaign }
}
