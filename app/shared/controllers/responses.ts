/*
| How every module's controllers answer: one rule for JSON versus pages, so a refusal or a field
| error looks the same whichever module raised it.
| - an `/api/` request, or one that prefers JSON: the status with `{error, message}` (refusals),
|   422 `{error: 'validation_failed', …}` under `/api/` (field errors, via the exception handler),
|   `{ok: true, message}` (success);
| - a page form: a redirect back with the flash message, or with the field errors.
*/
import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { errors as vineErrors } from '@vinejs/vine'
import { actorOf, type AuditActor } from '#shared/audit'
import { rowId } from '#shared/row_id'
import type { FieldError } from '#shared/actions'

type Values = Record<string, string | number>

/**
 * Whether the answer is JSON: every `/api/` route, and any other request that prefers JSON to
 * HTML except Inertia's page visits (they need a page or a redirect).
 */
export function wantsJson(
  request: Pick<HttpContext['request'], 'url' | 'accepts' | 'header'>
): boolean {
  if (request.url().startsWith('/api/')) return true
  return request.accepts(['html', 'json']) === 'json' && !request.header('x-inertia')
}

/** 404 through the exception handler (localized page, or JSON under `/api/`). */
export function notFound(): never {
  throw new Exception('Not found', { status: 404, code: 'E_NOT_FOUND' })
}

/** A route id (`:id`, `:potId`, …) as a row id, or 404. */
export function routeId(ctx: HttpContext, name = 'id'): number {
  const id = rowId(ctx.params[name])
  if (id === null) notFound()
  return id
}

/** The signed-in staff member as an audit actor (staff routes run behind `staffAuth`). */
export function staffActor(ctx: HttpContext): AuditActor & { type: 'staff'; id: number } {
  const actor = actorOf(ctx)
  if (actor.type !== 'staff' || actor.id === null) {
    throw new Error('assertion: staff routes run with a staff actor')
  }
  return actor as AuditActor & { type: 'staff'; id: number }
}

/** The answers of one module's controllers (see `responsesFor`). */
export interface ModuleResponses {
  /** Action field errors as a validation failure: redirect back with the errors, or 422. */
  failWith(ctx: HttpContext, errors: FieldError[]): never
  /** A refusal not about one field (closed stage, wrong status, …): the status as JSON, or a flash. */
  refuse(ctx: HttpContext, key: string, status?: number, values?: Values): unknown
  /** A command done: `{ok, message}` as JSON, or back to the page with the flash message. */
  backWith(ctx: HttpContext, key: string, values?: Values): unknown
}

/**
 * The answers of one module's controllers, with messages from the module's translations:
 * `<module>.errors.<rule>` for field errors, `<module>.refusals.<key>` for refusals,
 * `<module>.flash.<key>` for successes. Keep the result in a const typed `ModuleResponses`
 * (`const answer: ModuleResponses = responsesFor('…')`): TypeScript narrows after a `never`
 * call such as `answer.failWith(…)` only through an explicitly typed name.
 */
export function responsesFor(module: string): ModuleResponses {
  return {
    failWith(ctx, errors) {
      throw new vineErrors.E_VALIDATION_ERROR(
        errors.map((error) => ({
          field: error.field,
          rule: error.rule,
          message: ctx.i18n.t(`${module}.errors.${error.rule}`, error.meta ?? {}),
        }))
      )
    },

    refuse(ctx, key, status = 409, values = {}) {
      const message = ctx.i18n.t(`${module}.refusals.${key}`, values)
      if (wantsJson(ctx.request)) return ctx.response.status(status).send({ error: key, message })
      ctx.session.flash('error', message)
      return ctx.response.redirect().back()
    },

    backWith(ctx, key, values = {}) {
      const message = ctx.i18n.t(`${module}.flash.${key}`, values)
      if (wantsJson(ctx.request)) return ctx.response.send({ ok: true, message })
      ctx.session.flash('success', message)
      return ctx.response.redirect().back()
    },
  }
}
