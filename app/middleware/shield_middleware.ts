import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import type { ShieldConfig } from '@adonisjs/shield/types'
import { isSessionless } from '#middleware/session_middleware'

/*
| Shield, with every guard, except that the requests without a session (the ballot routes and API
| reads: session_middleware.ts `isSessionless`) skip the CSRF guard (/api is exempt from CSRF
| checks anyway: config/shield.ts). That guard made a CSRF secret, a token and an encrypted XSRF
| cookie on every such request, all thrown away with the session they live in — 11 % of the app's
| CPU in `bench:voting`'s profile. The other guards (nosniff, frame options, HSTS, CSP) answer
| them exactly as before.
*/
let withoutCsrf: Promise<ShieldMiddleware> | null = null

function shieldWithoutCsrf(): Promise<ShieldMiddleware> {
  withoutCsrf ??= app.container.make('encryption').then((encryption) => {
    const config = app.config.get<ShieldConfig>('shield')
    return new ShieldMiddleware({ ...config, csrf: { ...config.csrf, enabled: false } }, encryption)
  })
  return withoutCsrf
}

export default class ShieldExceptBallotCsrfMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const shield = isSessionless(ctx)
      ? await shieldWithoutCsrf()
      : await ctx.containerResolver.make(ShieldMiddleware)
    return shield.handle(ctx, next)
  }
}
