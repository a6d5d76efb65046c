/*
| The proposals module's surface for the voting page (issue #17): what a voter may read about
| each project on the ballot — its idea's description, first photo and place. Projects without
| an idea (a Pabulib import) have none. Nothing here depends on who asks.
*/
import db from '@adonisjs/lucid/services/db'

export interface BallotProjectDetails {
  description: string
  location: string | null
  latitude: number | null
  longitude: number | null
  photo: { url: string; thumbUrl: string; name: string } | null
}

/** projectId → its details, for every project of the campaign's ballot that came from an idea. */
export async function projectDetailsOnBallot(
  campaignId: number
): Promise<Record<number, BallotProjectDetails>> {
  const rows = await db
    .from('projects')
    .join('ideas', 'ideas.id', 'projects.idea_id')
    .where('projects.campaign_id', campaignId)
    .select(
      'projects.id as projectId',
      'ideas.id as ideaId',
      'ideas.description',
      'ideas.location',
      'ideas.latitude',
      'ideas.longitude'
    )
    .limit(1000)
  const ideaIds = rows.map((row) => row.ideaId as number)
  // The first photo of each idea that has a thumbnail.
  const photos = ideaIds.length
    ? await db
        .from('idea_attachments')
        .distinctOn('idea_id')
        .whereIn('idea_id', ideaIds)
        .whereNotNull('thumb_drive_key')
        .orderBy([{ column: 'idea_id' }, { column: 'id' }])
        .select('id', 'idea_id as ideaId', 'original_name as name')
    : []
  const photoOf = new Map(photos.map((photo) => [photo.ideaId as number, photo]))
  const details: Record<number, BallotProjectDetails> = {}
  for (const row of rows) {
    const photo = photoOf.get(row.ideaId)
    const url = photo && `/ideas/${row.ideaId}/attachments/${photo.id}`
    details[row.projectId] = {
      description: row.description,
      location: row.location,
      latitude: row.latitude,
      longitude: row.longitude,
      photo: photo ? { url: url!, thumbUrl: `${url}/thumb`, name: photo.name } : null,
    }
  }
  return details
}
