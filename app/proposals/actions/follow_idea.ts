import db from '@adonisjs/lucid/services/db'
import type Resident from '#identity/models/resident'
import { findPublic } from '#campaigns/campaign_service'
import Idea from '#proposals/models/idea'
import { notFound, type NotFound } from '#shared/actions'
import { COMMENTABLE } from '#proposals/actions/discuss_idea'

/**
 * A resident follows an idea to hear of its status changes (`#proposals/services/follower_notices`).
 * Following twice is following; unfollowing an idea not followed is done too.
 */
export async function followIdea(
  resident: Resident,
  ideaId: number
): Promise<{ outcome: 'ok' } | NotFound> {
  const idea = await Idea.find(ideaId)
  if (!idea || !COMMENTABLE.includes(idea.status) || !(await findPublic(idea.campaignId))) {
    return notFound
  }
  await db.rawQuery(
    'INSERT INTO idea_follows (idea_id, resident_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    [idea.id, resident.id]
  )
  return { outcome: 'ok' }
}

export async function unfollowIdea(resident: Resident, ideaId: number): Promise<{ outcome: 'ok' }> {
  await db.from('idea_follows').where('idea_id', ideaId).where('resident_id', resident.id).delete()
  return { outcome: 'ok' }
}
