import db from '@adonisjs/lucid/services/db'
import { translate } from '#campaigns/campaign_service'
import type { Translations } from '#campaigns/translations'
import { inScope, type StaffTodo, type StaffTodoSource } from '#shared/staff_todos'

/*
| The proposals module's dashboard to-dos, per campaign: ideas to moderate (admins, moderators;
| "to moderate" as in services/moderation_queue.ts), ideas under review without an expert
| (admins), and reviews due — ideas assigned to this expert that they have not reviewed yet.
*/

type Row = { id: number; title: Translations; n: string | number }

const moderationHref = (id: number) => `/staff/proposals/campaigns/${id}/moderation`
const reviewsHref = (id: number) => `/staff/proposals/campaigns/${id}/reviews`

function perCampaign() {
  return db
    .from('ideas')
    .join('campaigns', 'campaigns.id', 'ideas.campaign_id')
    .groupBy('campaigns.id', 'campaigns.title')
    .orderBy('campaigns.id')
    .select('campaigns.id', 'campaigns.title')
    .count('* as n')
}

export const proposalTodos: StaffTodoSource = async (member) => {
  const todos: StaffTodo[] = []
  const todo = (key: string, row: Row, href: string): StaffTodo => ({
    key,
    count: Number(row.n),
    href,
    values: { campaign: translate(row.title, member.locale) },
  })
  const moderating = await member.scopeOf(['admin', 'moderator'])
  if (moderating === 'all' || moderating.length > 0) {
    const rows: Row[] = await inScope(perCampaign(), 'campaigns.community_id', moderating)
      .where('ideas.status', 'published')
      .whereNotExists(
        db.from('idea_moderations').whereRaw('idea_moderations.idea_id = ideas.id').select('id')
      )
    todos.push(...rows.map((row) => todo('ideas_to_moderate', row, moderationHref(row.id))))
  }
  const administering = await member.scopeOf(['admin'])
  if (administering === 'all' || administering.length > 0) {
    const rows: Row[] = await inScope(perCampaign(), 'campaigns.community_id', administering)
      .where('ideas.status', 'in_review')
      .whereNotExists(
        db
          .from('idea_expert_assignments')
          .whereRaw('idea_expert_assignments.idea_id = ideas.id')
          .select('id')
      )
    todos.push(...rows.map((row) => todo('experts_to_assign', row, reviewsHref(row.id))))
  }
  const reviewing = await member.scopeOf(['expert'])
  if (reviewing === 'all' || reviewing.length > 0) {
    const rows: Row[] = await perCampaign()
      .where('ideas.status', 'in_review')
      .whereExists(
        db
          .from('idea_expert_assignments')
          .whereRaw('idea_expert_assignments.idea_id = ideas.id')
          .where('idea_expert_assignments.expert_id', member.id)
          .select('id')
      )
      .whereNotExists(
        db
          .from('idea_reviews')
          .whereRaw('idea_reviews.idea_id = ideas.id')
          .where('idea_reviews.expert_id', member.id)
          .select('id')
      )
    todos.push(...rows.map((row) => todo('reviews_due', row, reviewsHref(row.id))))
  }
  return todos
}
