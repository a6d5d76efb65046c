import { bytesToHex } from '@civic-budget/protocol/bytes'
import { makeTrusteeKey, trusteeKeyRecord } from '@civic-budget/protocol/trustee'
import { expectTodo } from './_cli.js'

export const description =
  'make your ceremony key (sealed in the key file) and send its public part'

export async function run(cli) {
  const view = await cli.ceremony()
  expectTodo(view, 'key')
  let record
  if (cli.hasKeyFile()) {
    // A key file made earlier (its record was not sent): send the same key again.
    const { secret } = await cli.secretFor(view)
    record = trusteeKeyRecord(view.campaign.id, view.index, secret)
  } else {
    const key = await makeTrusteeKey(view.campaign.id, view.index, cli.passphrase())
    cli.saveKeyFile(key.file)
    cli.out(`key file written to ${cli.keyFile}: keep it, without it you cannot decrypt`)
    record = key.record
  }
  await cli.post('key', { record: bytesToHex(record) })
  cli.out('ceremony key sent')
}
