/*
| The staff dashboard's to-do sources, one per module with work for staff (app shell wiring:
| identity shows them and knows no module; `#shared/staff_todos`).
*/
import { registerStaffTodos } from '#shared/staff_todos'
import { campaignTodos } from '#campaigns/staff_todos'
import { proposalTodos } from '#proposals/staff_todos'
import { ledgerTodos } from '#ledger/staff_todos'

registerStaffTodos('proposals', proposalTodos)
registerStaffTodos('campaigns', campaignTodos)
registerStaffTodos('ledger', ledgerTodos)
