import { ceremonyState, complaintHex, reviewDealings } from '@civic-budget/protocol/trustee'
import { expectTodo } from './_cli.js'

export const description = 'check the shares the dealers sent you; complain about wrong ones'

export async function run(cli) {
  const view = await cli.ceremony()
  expectTodo(view, 'review')
  const { secret } = await cli.secretFor(view)
  const { params, dealings } = ceremonyState(view)
  const complaints = reviewDealings(params, dealings, view.index, secret)
  await cli.post('review', { complaints: complaints.map(complaintHex) })
  for (const complaint of complaints) {
    cli.out(`complaint sent: trustee ${complaint.dealer}'s share for you is wrong`)
  }
  cli.out(`review sent (${dealings.length} dealings checked, ${complaints.length} complaints)`)
}
