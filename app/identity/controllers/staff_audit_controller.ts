import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AuditLog from '#identity/models/audit_log'
import { auditFilterValidator } from '#identity/validators/staff_validators'
import { cityDayEnd, cityDayStart } from '#shared/city_time'

/** The YYYY-MM-DD a `vine.date` field was given (it parses to the process's local midnight). */
function day(date: Date | undefined): string | undefined {
  return date ? (DateTime.fromJSDate(date).toISODate() ?? undefined) : undefined
}

const PER_PAGE = 50

/** The audit log for admins: server-side pagination, filters in the query string. */
export default class StaffAuditController {
  async index({ bouncer, i18n, inertia, request }: HttpContext) {
    await bouncer.authorize('viewAuditLog')
    const filters = await request.validateUsing(auditFilterValidator, { data: request.qs() })
    const query = AuditLog.query().orderBy('created_at', 'desc').orderBy('id', 'desc')
    if (filters.actor) query.where('actor_type', 'staff').where('actor_id', filters.actor)
    if (filters.action) query.where('action', filters.action)
    if (filters.subjectType) query.where('subject_type', filters.subjectType)
    if (filters.subjectId) query.where('subject_id', filters.subjectId)
    // The filter's days are the city's calendar days (#shared/city_time).
    const from = day(filters.from)
    const to = day(filters.to)
    if (from) query.where('created_at', '>=', cityDayStart(from).toJSDate())
    if (to) query.where('created_at', '<', cityDayEnd(to).toJSDate())
    const page = await query.paginate(filters.page ?? 1, PER_PAGE)
    const rows = page.all()
    const actorIds = [
      ...new Set(rows.filter((r) => r.actorType === 'staff' && r.actorId).map((r) => r.actorId!)),
    ]
    const actors = actorIds.length
      ? await db.from('staff_users').whereIn('id', actorIds).select('id', 'full_name', 'email')
      : []
    const actorName = new Map(actors.map((a) => [Number(a.id), `${a.full_name} <${a.email}>`]))
    const actions = await db.from('audit_logs').distinct('action').orderBy('action')
    const staffActors = await db
      .from('staff_users')
      .whereIn(
        'id',
        db
          .from('audit_logs')
          .where('actor_type', 'staff')
          .whereNotNull('actor_id')
          .distinct('actor_id')
      )
      .orderBy('full_name')
      .select('id', 'full_name')
    return inertia.render('staff/audit/index', {
      filters: {
        actor: filters.actor ? String(filters.actor) : '',
        action: filters.action ?? '',
        subjectType: filters.subjectType ?? '',
        subjectId: filters.subjectId ?? '',
        from: from ?? '',
        to: to ?? '',
      },
      actions: actions.map((row) => String(row.action)),
      actors: staffActors.map((row) => ({ id: Number(row.id), name: String(row.full_name) })),
      entries: rows.map((row) => ({
        id: row.id,
        at: row.createdAt.toISO(),
        actor:
          row.actorType === 'staff' && row.actorId
            ? (actorName.get(row.actorId) ?? `#${row.actorId}`)
            : i18n.t(`ui.staff.audit.actors.${row.actorType}`, {}, row.actorType),
        action: row.action,
        subject: row.subjectType ? `${row.subjectType}#${row.subjectId ?? ''}` : '',
        changes: row.changes ? JSON.stringify(row.changes) : '',
        ip: row.ip ?? '',
      })),
      meta: { page: page.currentPage, lastPage: page.lastPage, total: page.total },
    })
  }
}
