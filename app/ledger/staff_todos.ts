import db from '@adonisjs/lucid/services/db'
import type { StaffTodoSource } from '#shared/staff_todos'

/*
| The ledger's dashboard to-dos for admins of the whole platform (the outbox serves every
| campaign): records the replicas refused, and records still waiting after a failed attempt.
| There is no outbox screen: the reason is in `ledger_outbox.last_error` and the app log.
*/

export const ledgerTodos: StaffTodoSource = async (member) => {
  if ((await member.scopeOf(['admin'])) !== 'all') return []
  const [rejected] = await db.from('ledger_outbox').where('status', 'rejected').count('* as n')
  const [retrying] = await db
    .from('ledger_outbox')
    .whereIn('status', ['queued', 'submitted'])
    .whereNotNull('last_error')
    .count('* as n')
  return [
    { key: 'ledger_rejected', count: Number(rejected.n), href: null },
    { key: 'ledger_retrying', count: Number(retrying.n), href: null },
  ]
}
