/*
| The audit service every module uses to record staff actions:
|
|   await audit.record(ctx, 'community.updated', community, { before, after })
|   await audit.record(ctx, 'staff.invited', member, { after }, { client: trx })
|
| Invariants: an audit row is written in the caller's transaction when one is
| given (so a rolled-back action leaves no trace and a committed one always
| has its row); secrets (passwords, tokens) are never recorded.
*/
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

export type AuditActorType = 'staff' | 'resident' | 'system' | 'anonymous'

export interface AuditActor {
  type: AuditActorType
  id: number | null
  ip?: string | null
  /** A staff member acting through a staff API token: its id is kept as `changes.viaStaffApi`. */
  apiTokenId?: number
}

export type AuditSubject =
  | { type: string; id: string | number | null }
  | { constructor: { name: string; table?: string }; $primaryKeyValue?: unknown }
  | null

export interface AuditChanges {
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
  [key: string]: unknown
}

const SECRET_KEYS = /password|token|secret|credential/i
const ACTION_LENGTH_MAX = 64

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redact(inner)
    }
    return out
  }
  return value
}

function isHttpContext(value: unknown): value is HttpContext {
  return typeof value === 'object' && value !== null && 'request' in value && 'response' in value
}

/** The actor of a request: the signed-in staff member, else a resident, else anonymous. */
export function actorOf(ctx: HttpContext): AuditActor {
  const ip = ctx.request.ip()
  const staff = ctx.auth?.use('staff').user as { id: number } | undefined
  if (staff) return { type: 'staff', id: staff.id, ip }
  const resident = ctx.auth?.use('resident').user as { id: number } | undefined
  if (resident) return { type: 'resident', id: resident.id, ip }
  return { type: 'anonymous', id: null, ip }
}

function subjectOf(subject: AuditSubject): { type: string | null; id: string | null } {
  if (!subject) return { type: null, id: null }
  if ('type' in subject && typeof subject.type === 'string') {
    return { type: subject.type, id: subject.id === null ? null : String(subject.id) }
  }
  const model = subject as {
    constructor: { table?: string; name: string }
    $primaryKeyValue?: unknown
  }
  const type = model.constructor.table ?? model.constructor.name
  const id = model.$primaryKeyValue
  return { type, id: id === undefined || id === null ? null : String(id) }
}

export const audit = {
  /**
   * Records one action. `actor` is the request (actor and IP taken from it) or
   * an explicit actor. Pass `{ client: trx }` to write inside a transaction.
   */
  async record(
    actor: HttpContext | AuditActor,
    action: string,
    subject: AuditSubject,
    changes: AuditChanges | null = null,
    options: { client?: TransactionClientContract } = {}
  ): Promise<void> {
    if (!action || action.length > ACTION_LENGTH_MAX) {
      throw new Error(`audit: invalid action name "${action}"`)
    }
    const who = isHttpContext(actor) ? actorOf(actor) : actor
    const what = subjectOf(subject)
    const client = options.client ?? db
    if (who.apiTokenId !== undefined) changes = { ...changes, viaStaffApi: who.apiTokenId }
    await client.table('audit_logs').insert({
      actor_type: who.type,
      actor_id: who.id,
      action,
      subject_type: what.type,
      subject_id: what.id,
      changes: changes === null ? null : JSON.stringify(redact(changes)),
      ip: who.ip ?? null,
      created_at: new Date(),
    })
  },
}

export default audit
