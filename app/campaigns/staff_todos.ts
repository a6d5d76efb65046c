import db from '@adonisjs/lucid/services/db'
import { translate } from '#campaigns/campaign_service'
import { inScope, type StaffTodoSource } from '#shared/staff_todos'

/*
| The campaigns module's dashboard to-dos: stage dates coming within a week (admins and
| observers of the campaign's community) — the scheduler changes the stage then, so the city
| checks the campaign is ready. One to-do per date, soonest first.
*/

export const STAGE_DATES_AHEAD_DAYS = 7

const STAGE_DATES = [
  'ideas_opens_at',
  'review_opens_at',
  'voting_opens_at',
  'voting_closes_at',
  'implementation_opens_at',
  'finishes_at',
] as const

export const campaignTodos: StaffTodoSource = async (member) => {
  const scope = await member.scopeOf(['admin', 'observer'])
  if (scope !== 'all' && scope.length === 0) return []
  const now = new Date()
  const until = new Date(now.getTime() + STAGE_DATES_AHEAD_DAYS * 86_400_000)
  const rows = await inScope(db.from('campaigns'), 'community_id', scope)
    .where((query) => {
      for (const column of STAGE_DATES) query.orWhereBetween(column, [now, until])
    })
    .select('id', 'title', ...STAGE_DATES)
  const todos = rows.flatMap((row) =>
    STAGE_DATES.filter((column) => {
      const at = row[column] as Date | null
      return at !== null && at >= now && at <= until
    }).map((column) => ({
      key: `stage_date.${column}`,
      count: 1,
      href: `/staff/campaigns/${row.id}`,
      values: { campaign: translate(row.title, member.locale) },
      at: (row[column] as Date).toISOString(),
    }))
  )
  return todos.sort((a, b) => a.at.localeCompare(b.at))
}
