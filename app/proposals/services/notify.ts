/*
| Telling an idea's author (and its followers, a comment's author) what happened to it: an
| in-app notice (written in the
| caller's transaction, so it exists exactly when the decision does) and, after the
| commit, a text message through the identity module's SMS gateway. A gateway failure
| is logged; the decision stands and the in-app notice remains.
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import i18nManager from '@adonisjs/i18n/services/main'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { SmsGateway } from '#identity/sms/sms_gateway'
import type Idea from '#proposals/models/idea'

export type NoticeKind =
  | 'idea_in_review'
  | 'idea_hidden'
  | 'idea_unhidden'
  | 'idea_merged'
  | 'idea_approved'
  | 'idea_rejected'
  | 'idea_unfeasible'
  | 'attachment_removed'
  | 'comment_hidden'
  | FollowerNoticeKind

/** What followers of an idea are told (`#proposals/services/follower_notices`). */
export type FollowerNoticeKind =
  | 'followed_in_review'
  | 'followed_merged'
  | 'followed_approved'
  | 'followed_rejected'
  | 'followed_funded'

export interface PendingNotice {
  residentId: number
  kind: NoticeKind
  params: Record<string, string | number>
}

/** Writes the in-app notice in `trx`; returns what to text once committed. */
export async function recordNotice(
  trx: TransactionClientContract,
  idea: Idea,
  kind: NoticeKind,
  params: Record<string, string | number> = {}
): Promise<PendingNotice> {
  return recordNoticeTo(trx, idea.authorId, idea, kind, params)
}

/** The same for any resident (a follower, a comment's author). */
export async function recordNoticeTo(
  trx: TransactionClientContract,
  residentId: number,
  idea: Pick<Idea, 'id' | 'title'>,
  kind: NoticeKind,
  params: Record<string, string | number> = {}
): Promise<PendingNotice> {
  const all = { title: idea.title, ...params }
  await trx.table('resident_notifications').insert({
    resident_id: residentId,
    kind,
    idea_id: idea.id,
    params: JSON.stringify(all),
    created_at: new Date(),
  })
  return { residentId, kind, params: all }
}

/** Sends the text messages of committed notices (never throws). */
export async function deliver(notices: PendingNotice[]): Promise<void> {
  for (const notice of notices) {
    try {
      const resident = await db
        .from('residents')
        .where('id', notice.residentId)
        // A deleted account keeps its row (published ideas) but has no phone to text.
        .whereNull('deleted_at')
        .select('phone_e164', 'locale')
        .first()
      if (!resident) continue
      const i18n = i18nManager.locale(resident.locale ?? 'en')
      const text = i18n.t(`proposals.sms.${notice.kind}`, notice.params)
      const gateway = await app.container.make(SmsGateway)
      await gateway.send(resident.phone_e164, text)
    } catch (error) {
      logger.warn({ err: error, kind: notice.kind }, 'proposals: author notice not texted')
    }
  }
}
