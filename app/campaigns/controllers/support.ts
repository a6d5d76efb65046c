import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { errors as vineErrors } from '@vinejs/vine'
import { actorOf, type AuditActor } from '#shared/audit'
import Campaign from '#campaigns/models/campaign'
import { rowId } from '#campaigns/ids'
import type { FieldError } from '#campaigns/actions/support'

/** 404 through the exception handler (localized page, or JSON under /api). */
export function notFound(): never {
  throw new Exception('Not found', { status: 404, code: 'E_NOT_FOUND' })
}

/**
 * Action-level field errors become an ordinary validation failure: a redirect
 * back with the errors (pages) or 422 `validation_failed` (JSON), messages in
 * the request's language.
 */
export function failWith(ctx: HttpContext, errors: FieldError[]): never {
  throw new vineErrors.E_VALIDATION_ERROR(
    errors.map((error) => ({
      field: error.field,
      rule: error.rule,
      message: ctx.i18n.t(`campaigns.errors.${error.rule}`, error.meta ?? {}),
    }))
  )
}

/** Redirect back with a localized flash message (`campaigns.flash.<key>`). */
export function backWith(
  ctx: HttpContext,
  kind: 'success' | 'error',
  key: string,
  values: Record<string, string | number> = {}
) {
  ctx.session.flash(kind, ctx.i18n.t(`campaigns.flash.${key}`, values))
  return ctx.response.redirect().back()
}

/** The campaign of `:id`, after the policy allows `ability` on it. */
export async function authorizedCampaign(
  ctx: HttpContext,
  ability: 'view' | 'manage'
): Promise<Campaign> {
  const id = rowId(ctx.params.id)
  const campaign = id === null ? null : await Campaign.find(id)
  if (!campaign) {
    // Staff who may not see campaigns at all get 403 rather than learning which ids exist.
    await ctx.bouncer.with('campaign').authorize('viewList')
    notFound()
  }
  await ctx.bouncer.with('campaign').authorize(ability, campaign)
  return campaign
}

export function staffActor(ctx: HttpContext): AuditActor & { type: 'staff' } {
  const actor = actorOf(ctx)
  if (actor.type !== 'staff') throw new Error('assertion: staff routes run with a staff actor')
  return actor as AuditActor & { type: 'staff' }
}

/** Whether the member may change this campaign (pages show read-only screens otherwise). */
export async function canManage(ctx: HttpContext, campaign: Campaign): Promise<boolean> {
  return ctx.bouncer.with('campaign').allows('manage', campaign)
}

/** A nested route id (`:potId`, `:categoryId`), or 404. */
export function routeId(ctx: HttpContext, name: string): number {
  const id = rowId(ctx.params[name])
  if (id === null) notFound()
  return id
}
