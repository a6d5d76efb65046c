import type { HttpContext } from '@adonisjs/core/http'
import type { AuditActor } from '#shared/audit'
import type { ActiveStaffApiToken } from '#identity/api_tokens/staff_api_tokens'

/*
| The staff API token of a request, set by the `staffApi` middleware (the app shell) and read by
| the staff API controllers of every module, which may not import the shell.
*/
const tokens = new WeakMap<HttpContext, ActiveStaffApiToken>()

export function setStaffApiToken(ctx: HttpContext, active: ActiveStaffApiToken) {
  tokens.set(ctx, active)
}

/** The audit actor of a staff API request: the token's maker, marked with the token's id. */
export function staffApiActor(ctx: HttpContext): AuditActor & { type: 'staff'; id: number } {
  const active = tokens.get(ctx)
  if (!active) throw new Error('assertion: staff API routes run behind the staffApi middleware')
  return { type: 'staff', id: active.staff.id, ip: ctx.request.ip(), apiTokenId: active.token.id }
}
