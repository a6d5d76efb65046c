import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { ApiError } from '#shared/api_error'
import type { StaffApiScope } from '#identity/api_tokens/scopes'
import { findActiveStaffApiToken, staffApiTokenFrom } from '#identity/api_tokens/staff_api_tokens'
import { setStaffApiToken } from '#identity/api_tokens/staff_api_context'
import {
  countFailedStaffToken,
  refuseThrottledStaffTokenIp,
} from '#identity/api_tokens/staff_token_throttle'

/**
 * The staff API (`/api/v1/staff/…`): `Authorization: Bearer cbs_…`, a staff API token that is
 * unrevoked, unexpired and whose maker is still an active unscoped admin (else 401), holding the
 * route's scope (else 403 `insufficient_scope`). An address with 20 failed tokens in 15 minutes is
 * refused (429) before any lookup (#identity/api_tokens/staff_token_throttle). Sessions do not count here: the API is
 * CSRF-exempt, so a staff member's cookie must not be able to act on it.
 */
export default class StaffApiAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { scope: StaffApiScope }) {
    await refuseThrottledStaffTokenIp(ctx.request.ip())
    const raw = staffApiTokenFrom(ctx.request.header('authorization'))
    const active = raw ? await findActiveStaffApiToken(raw) : null
    if (!active) {
      await countFailedStaffToken(ctx.request.ip())
      throw new ApiError(
        401,
        'unauthorized',
        ctx.i18n.t('staff_api.errors.unauthorized'),
        undefined,
        {
          'WWW-Authenticate': 'Bearer',
        }
      )
    }
    if (!active.token.scopes.includes(options.scope)) {
      throw new ApiError(
        403,
        'insufficient_scope',
        ctx.i18n.t('staff_api.errors.insufficient_scope', { scope: options.scope }),
        { required: options.scope }
      )
    }
    setStaffApiToken(ctx, active)
    return next()
  }
}
