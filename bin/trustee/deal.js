import { bytesToHex } from '@civic-budget/protocol/bytes'
import { ceremonyState, makeDealing } from '@civic-budget/protocol/trustee'
import { CliError, expectTodo } from './_cli.js'

export const description = 'once every key is in: send your dealing (a share for every trustee)'

export async function run(cli) {
  const view = await cli.ceremony()
  expectTodo(view, 'deal')
  const { params } = ceremonyState(view)
  if (!params) throw new CliError('not every trustee key is on record yet')
  // The key file proves this machine holds trustee `index`'s key before anything is sent.
  await cli.secretFor(view)
  await cli.post('dealing', { record: bytesToHex(makeDealing(params, view.index)) })
  cli.out('dealing sent')
}
