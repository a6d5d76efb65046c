import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { SessionCollection } from '@adonisjs/session'

/*
| A staff member's sessions are tagged `staff:<id>` in the session store, so an admin can list
| and revoke them. The admin never sees a session id (it is the bearer secret of the cookie):
| sessions are named by a short hash of it.
*/

/** What the staff page shows of a session, stored in the session at sign-in. */
export interface StaffSessionInfo {
  signedInAt: string
  ip: string
  userAgent: string
}

const INFO_KEY = 'staff_session'

function tagOf(staffUserId: number) {
  return `staff:${staffUserId}`
}

function handleOf(sessionId: string) {
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 24)
}

function collection() {
  return app.container.make(SessionCollection)
}

/** Called right after a successful staff sign-in (the session id is already regenerated). */
export async function tagStaffSession(ctx: HttpContext, staffUserId: number) {
  const info: StaffSessionInfo = {
    signedInAt: new Date().toISOString(),
    ip: ctx.request.ip(),
    userAgent: (ctx.request.header('user-agent') ?? '').slice(0, 200),
  }
  ctx.session.put(INFO_KEY, info)
  // The cookie store keeps no server-side rows: nothing to tag, nothing to revoke.
  const sessions = await collection()
  if (sessions.supportsTagging()) await ctx.session.tag(tagOf(staffUserId))
}

/** The member's live sessions, newest first; `current` marks the one making this request. */
export async function listStaffSessions(staffUserId: number, currentSessionId?: string) {
  const sessions = await collection()
  if (!sessions.supportsTagging()) return []
  const tagged = await sessions.tagged(tagOf(staffUserId))
  return tagged
    .map(({ id, data }) => {
      const info = (data[INFO_KEY] ?? {}) as Partial<StaffSessionInfo>
      return {
        handle: handleOf(id),
        signedInAt: info.signedInAt ?? null,
        ip: info.ip ?? null,
        userAgent: info.userAgent ?? null,
        current: id === currentSessionId,
      }
    })
    .sort((a, b) => String(b.signedInAt).localeCompare(String(a.signedInAt)))
}

/** Ends one session (by its handle) or, without a handle, all of them; returns how many. */
export async function revokeStaffSessions(staffUserId: number, handle?: string) {
  const sessions = await collection()
  if (!sessions.supportsTagging()) return 0
  const tagged = await sessions.tagged(tagOf(staffUserId))
  let revoked = 0
  for (const { id } of tagged) {
    if (handle && handleOf(id) !== handle) continue
    await sessions.destroy(id)
    revoked++
  }
  return revoked
}

/** Deletes expired rows of the database session store; returns how many. */
export async function purgeExpiredSessions(now = new Date()): Promise<number> {
  const deleted = await db.from('sessions').where('expires_at', '<=', now).delete()
  return Number(Array.isArray(deleted) ? deleted[0] : deleted)
}
