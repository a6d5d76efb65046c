import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import StaffApiToken from '#identity/models/staff_api_token'
import { STAFF_API_SCOPES, STAFF_API_TOKEN_LIFETIMES_DAYS } from '#identity/api_tokens/scopes'
import {
  createStaffApiToken,
  revokeStaffApiToken,
} from '#identity/api_tokens/manage_staff_api_tokens'
import { createStaffApiTokenValidator } from '#identity/validators/staff_validators'
import { routeId, staffActor } from '#shared/controllers/responses'

/** Session flash key of a token just made: shown on the next page only, never again. */
const NEW_TOKEN_FLASH = 'newStaffApiToken'
const LIST_MAX = 500

/** Staff API tokens (unscoped admins): list, create (the token shown once), revoke. */
export default class StaffApiTokensController {
  async index({ bouncer, inertia, session }: HttpContext) {
    await bouncer.authorize('manageStaffApiTokens')
    const tokens = await StaffApiToken.query()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(LIST_MAX)
    const makers = await db
      .from('staff_users')
      .whereIn('id', [...new Set(tokens.map((token) => token.createdByStaffId))])
      .select('id', 'full_name')
    const makerName = new Map(makers.map((row) => [Number(row.id), String(row.full_name)]))
    const now = DateTime.now()
    const fresh = session.flashMessages.get(NEW_TOKEN_FLASH) as
      { id: number; secret: string } | undefined
    return inertia.render('staff/api_tokens/index', {
      tokens: tokens.map((token) => ({
        id: token.id,
        name: token.name,
        scopes: token.scopes,
        createdBy: makerName.get(token.createdByStaffId) ?? `#${token.createdByStaffId}`,
        createdAt: token.createdAt.toISO(),
        expiresAt: token.expiresAt.toISO(),
        state: token.revokedAt ? 'revoked' : token.expiresAt <= now ? 'expired' : 'active',
      })),
      newToken: fresh ?? null,
      scopes: STAFF_API_SCOPES,
      lifetimes: STAFF_API_TOKEN_LIFETIMES_DAYS,
    })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.authorize('manageStaffApiTokens')
    const input = await ctx.request.validateUsing(createStaffApiTokenValidator)
    const { token, secret } = await createStaffApiToken(staffActor(ctx), input)
    ctx.session.flash(NEW_TOKEN_FLASH, { id: token.id, secret })
    ctx.session.flash('success', ctx.i18n.t('staff_api.flash.created', { name: token.name }))
    return ctx.response.redirect('/staff/api-tokens')
  }

  async revoke(ctx: HttpContext) {
    await ctx.bouncer.authorize('manageStaffApiTokens')
    const result = await revokeStaffApiToken(staffActor(ctx), routeId(ctx))
    if (result.outcome === 'not_found') {
      ctx.session.flash('error', ctx.i18n.t('staff_api.flash.not_found'))
    } else {
      ctx.session.flash('success', ctx.i18n.t(`staff_api.flash.${result.outcome}`))
    }
    return ctx.response.redirect('/staff/api-tokens')
  }
}
