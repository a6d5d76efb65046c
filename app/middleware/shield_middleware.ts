import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'
import { isSessionless } from '#middleware/session_middleware'

/*
| Shield, with every guard, except that two kinds of request skip the CSRF guard: those without a
| session (the ballot routes and API reads: session_middleware.ts `isSessionless`) and the token
| clients of the JSON API (an `Authorization` header: a resident's app or a terminal asking for a
| credential; a token client has no cookie a forged request could ride on). /api is exempt from
| CSRF checks anyway (config/shield.ts). That guard made a CSRF secret, a token and an encrypted
| XSRF cookie on every such request, all thrown away — 11 % of the app's CPU in `bench:voting`'s
| profile, ≈ 6 % in `bench:credentials`' (and a credential's session, no longer empty, was stored:
| one more database write each). The other guards (nosniff, frame options, HSTS, CSP) answer these
| requests exactly as before.
*/
let withoutCsrf: Promise<ShieldMiddleware> | null = null

function shieldWithoutCsrf(): Promise<ShieldMiddleware> {
  withoutCsrf ??= app.container.make('encryption').then((encryption) => {
    const config = app.config.get<ShieldConfig>('shield')
    return new ShieldMiddleware({ ...config, csrf: { ...config.csrf, enabled: false } }, encryption)
  })
  return withoutCsrf
}

function isTokenApiRequest(ctx: HttpContext): boolean {
  const raw = ctx.request.request
  return raw.headers.authorization !== undefined && (raw.url ?? '').startsWith('/api/')
}

export default class ShieldExceptBallotCsrfMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const shield =
      isSessionless(ctx) || isTokenApiRequest(ctx)
        ? await shieldWithoutCsrf()
        : await ctx.containerResolver.make(ShieldMiddleware)
    return shield.handle(ctx, next)
  }
}
