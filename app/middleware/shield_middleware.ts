import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'
import { isBallotRoute } from '#middleware/identityless_middleware'

/*
| Shield, with every guard, except that the ballot routes and the token clients of the JSON API (an
| `Authorization` header: a resident's app or a terminal asking for a credential) skip the CSRF
| guard (/api is exempt from CSRF checks anyway: config/shield.ts; a token client has no cookie a
| forged request could ride on). That guard made a CSRF secret, a token and an encrypted XSRF cookie
| on every such request, all thrown away with the session they live in — 11 % of the app's CPU in
| `bench:voting`'s profile, ≈ 6 % in `bench:credentials`' (and the session, no longer empty, was
| stored: one more database write per credential). The other guards (nosniff, frame options,
| HSTS, CSP) answer these routes exactly as before.
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
      isBallotRoute(ctx) || isTokenApiRequest(ctx)
        ? await shieldWithoutCsrf()
        : await ctx.containerResolver.make(ShieldMiddleware)
    return shield.handle(ctx, next)
  }
}
