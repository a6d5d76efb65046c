import type { HttpContext } from '@adonisjs/core/http'
import type StaffUser from '#identity/models/staff_user'
import { adminScope } from '#identity/staff/staff_scope'
import { communityNames, communityOptions } from '#identity/staff/staff_dto'
import Terminal from '#voting/models/terminal'
import createTerminal, {
  revokeTerminal,
  rotateTerminalToken,
} from '#voting/actions/create_terminal'
import { createTerminalValidator } from '#voting/validators/terminal_validators'
import { terminalUsage } from '#voting/terminal_usage'
import {
  type ModuleResponses,
  notFound,
  responsesFor,
  routeId,
  staffActor,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('terminals')
/** Session flash key of a token just made or rotated: shown on the next page only. */
const NEW_TOKEN_FLASH = 'newTerminalToken'

/** Kiosk and bank terminals (admins, within their scope): register, rotate the token, revoke. */
export default class StaffTerminalsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with('terminal').authorize('viewList')
    const scope = await adminScope(ctx.auth.use('staff').user as StaffUser)
    const query = Terminal.query().orderBy('revoked_at', 'desc').orderBy('name').orderBy('id')
    if (scope !== 'all') query.whereIn('communityId', scope.length ? scope : [0])
    const terminals = await query
    const names = await communityNames(terminals.map((terminal) => terminal.communityId))
    const usage = await terminalUsage(terminals.map((terminal) => terminal.id))
    return ctx.inertia.render('staff/terminals/index', {
      terminals: terminals.map((terminal) => ({
        id: terminal.id,
        name: terminal.name,
        community: names.get(terminal.communityId) ?? `#${terminal.communityId}`,
        createdDay: terminal.createdAt.toISODate(),
        revoked: terminal.revokedAt !== null,
        credentialsIssued: usage.get(terminal.id)?.credentialsIssued ?? 0,
        lastUsedDay: usage.get(terminal.id)?.lastUsedDay ?? null,
      })),
      communities: await communityOptions(scope),
      newToken: ctx.session.flashMessages.get(NEW_TOKEN_FLASH) ?? null,
    })
  }

  async store(ctx: HttpContext) {
    // Members who may not manage terminals at all get 403 before their input is looked at.
    await ctx.bouncer.with('terminal').authorize('viewList')
    const input = await ctx.request.validateUsing(createTerminalValidator)
    await ctx.bouncer.with('terminal').authorize('manage', { communityId: input.communityId })
    const result = await createTerminal(staffActor(ctx), input)
    if (result.outcome === 'invalid') {
      return answer.failWith(ctx, [{ field: result.field, rule: 'invalid' }])
    }
    ctx.session.flash(NEW_TOKEN_FLASH, { name: result.terminal.name, token: result.token })
    return answer.backWith(ctx, 'created', { name: result.terminal.name })
  }

  async rotate(ctx: HttpContext) {
    const terminal = await this.authorized(ctx)
    const result = await rotateTerminalToken(staffActor(ctx), terminal.id)
    if (result.outcome !== 'ok') return answer.refuse(ctx, result.outcome)
    ctx.session.flash(NEW_TOKEN_FLASH, { name: terminal.name, token: result.token })
    return answer.backWith(ctx, 'rotated', { name: terminal.name })
  }

  async revoke(ctx: HttpContext) {
    const terminal = await this.authorized(ctx)
    const result = await revokeTerminal(staffActor(ctx), terminal.id)
    if (result.outcome !== 'ok') return answer.refuse(ctx, result.outcome)
    return answer.backWith(ctx, 'revoked', { name: terminal.name })
  }

  private async authorized(ctx: HttpContext): Promise<Terminal> {
    const terminal = await Terminal.find(routeId(ctx))
    if (!terminal) return notFound()
    await ctx.bouncer.with('terminal').authorize('manage', terminal)
    return terminal
  }
}
