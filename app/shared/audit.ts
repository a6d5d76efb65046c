import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

export interface AuditActor {
  type: 'staff' | 'resident' | 'system'
  id: number | null
  ip?: string | null
}

export interface AuditSubject {
  type: string
  id: string | number
}

/** The signed-in staff member (or resident) of a request, as an audit actor. */
export function actorOf(ctx: HttpContext): AuditActor {
  const staff = ctx.auth.use('staff').user
  if (staff) return { type: 'staff', id: staff.id, ip: ctx.request.ip() }
  const resident = ctx.auth.use('resident').user
  if (resident) return { type: 'resident', id: resident.id, ip: ctx.request.ip() }
  return { type: 'system', id: null, ip: ctx.request.ip() }
}

/**
 * Records who changed what and when. Every staff action calls this, inside the
 * action's transaction when there is one (so a rolled-back change leaves no row).
 */
export async function record(
  actor: AuditActor | HttpContext,
  action: string,
  subject: AuditSubject | null,
  changes: Record<string, unknown> | null = null,
  trx?: TransactionClientContract
): Promise<void> {
  const who = 'request' in actor ? actorOf(actor) : actor
  await (trx ?? db).table('audit_logs').insert({
    actor_type: who.type,
    actor_id: who.id,
    action,
    subject_type: subject?.type ?? null,
    subject_id: subject === null ? null : String(subject.id),
    changes: changes === null ? null : JSON.stringify(changes),
    ip: who.ip ?? null,
    created_at: new Date(),
  })
}
