import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import db from '@adonisjs/lucid/services/db'
import type Idea from '#proposals/models/idea'

/*
| "To moderate": a published idea no moderator has acted on yet (no `idea_moderations` row —
| approve, hide, unhide or merge all leave one). The moderation queue's default filter and the
| staff dashboard's count.
*/

type IdeaQuery = ModelQueryBuilderContract<typeof Idea>

export function unmoderated(query: IdeaQuery): IdeaQuery {
  return query
    .where('status', 'published')
    .whereNotExists(
      db.from('idea_moderations').whereRaw('idea_moderations.idea_id = ideas.id').select('id')
    )
}
