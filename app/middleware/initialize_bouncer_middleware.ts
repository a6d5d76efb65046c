import { Bouncer } from '@adonisjs/bouncer'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import * as abilities from '#identity/abilities'
import { policies } from '#start/policies'
import type StaffUser from '#identity/models/staff_user'

/** Bouncer for staff: every staff route authorizes against the signed-in staff member. */
export default class InitializeBouncerMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.bouncer = new Bouncer(
      () => (ctx.auth.use('staff').user as StaffUser | undefined) ?? null,
      abilities,
      policies
    ).setContainerResolver(ctx.containerResolver)

    if ('view' in ctx) {
      ctx.view.share(ctx.bouncer.edgeHelpers)
    }
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    bouncer: Bouncer<StaffUser, typeof abilities, typeof policies>
  }
}
