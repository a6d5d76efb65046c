import { bytesToHex } from '@civic-budget/protocol/bytes'
import {
  decryptionBatches,
  decryptionKey,
  fetchEncryptedBallots,
} from '@civic-budget/protocol/trustee'
import { CliError } from './_cli.js'

export const description = 'after the close: post your decryption shares of every ballot'

const NOT_OPEN =
  'decryption is not open yet: voting has not closed, and shares are taken only after the close; run this again then'

const REFUSALS = {
  voting_not_closed: NOT_OPEN,
  ceremony_failed: 'the key ceremony has no result: there is nothing to decrypt with',
  bad_ballots: (error) =>
    `refusing to share anything: the proof of the ballots at ${error.positions.join(', ')} fails`,
}

/*
| The ceremony records give my key share; every ballot is fetched and its proof checked before
| anything is shared; my batches already on record are skipped, so a rerun (after a lost connection)
| posts only what is missing.
*/
export function run(cli) {
  return postShares(cli).catch(refusal)
}

async function postShares(cli) {
  const view = await cli.ceremony()
  if (view.status !== 'complete') {
    throw new CliError(`nothing to decrypt: the ceremony is at ${view.status}`)
  }
  if (!view.decryptionOpen) throw new CliError(NOT_OPEN)
  const ballots = await fetchEncryptedBallots((first) => cli.ballots(first))
  if (ballots.length === 0) {
    cli.out('no encrypted ballots were cast: nothing to decrypt')
    return
  }
  const { secret } = await cli.secretFor(view)
  const { keyShare, context } = decryptionKey(view, secret)
  const status = await cli.decryption(view.campaign.id)
  const onRecord = new Set(
    status.batches.filter((b) => b.trustee === view.index).map((b) => b.first)
  )
  let posted = 0
  for (const step of decryptionBatches(keyShare, ballots, context, { skip: onRecord })) {
    if (step.kind !== 'batch') continue
    const answer = await cli.post('shares', { record: bytesToHex(step.record) })
    posted++
    const last = step.first + step.count - 1
    const bad =
      answer.verdict === 'valid' ? '' : ` (bad positions: ${answer.badPositions.join(', ')})`
    cli.out(`ballots ${step.first}–${last}: ${answer.verdict}${bad}`)
  }
  if (posted === 0) {
    cli.out(`nothing new to post: your shares of all ${ballots.length} ballots are on record`)
  } else {
    cli.out(
      `${posted} batches posted (${onRecord.size} already on record), ${ballots.length} ballots`
    )
  }
}

/** A DecryptionRefusal as the one-line CliError; anything else unchanged. */
function refusal(error) {
  if (error?.name !== 'DecryptionRefusal') throw error
  const message = REFUSALS[error.code] ?? error.message
  throw new CliError(typeof message === 'function' ? message(error) : message)
}
