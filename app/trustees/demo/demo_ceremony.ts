import db from '@adonisjs/lucid/services/db'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import {
  ceremonyState,
  complaintHex,
  makeDealing,
  makeTrusteeKey,
  reviewDealings,
  type TrusteeKey,
} from '@civic-budget/protocol/trustee'
import { settleOutbox } from '#ledger/outbox/settle'
import type { Invite } from '#trustees/actions/name_trustees'
import { postDealing, postKey, postReview, type PostResult } from '#trustees/actions/post_records'
import { recordsView } from '#trustees/ceremony_state'
import { advanceCeremony } from '#trustees/progress'
import { trusteesOf } from '#trustees/trustee_token'
import { DEMO_TRUSTEE_PASSPHRASE, saveDemoTrustees } from '#trustees/demo/demo_keys'

/*
| DEMO ONLY: the development seeder plays the demo campaign's trustees through the same actions the
| trustee API runs (keys, dealings, reviews), waiting for each step's records to commit on the local
| cluster before the next — what three people on their own devices do over days, in seconds.
*/
function accepted(result: PostResult, step: string): void {
  if (result.outcome !== 'ok') throw new Error(`demo ceremony: ${step} refused (${result.code})`)
}

async function onLedger(step: string): Promise<void> {
  const { settled } = await settleOutbox({ timeoutMs: 90_000 })
  if (!settled) {
    throw new Error(`demo ceremony: the ${step} records did not reach the ledger in time`)
  }
}

async function ceremonyView(campaignId: number) {
  const stored = await db.transaction((trx) => advanceCeremony(campaignId, trx))
  if (!stored) throw new Error('demo ceremony: no ceremony')
  return { status: stored.ceremony.status, view: recordsView(stored) }
}

/** Keys (kept for the demo), dealings and reviews of every named trustee; the ceremony completes. */
export async function runDemoCeremony(campaignId: number, invites: Invite[]): Promise<void> {
  await onLedger('trustees')
  const trustees = await trusteesOf(campaignId)
  const keys = new Map<number, TrusteeKey>()
  for (const trustee of trustees) {
    const key = await makeTrusteeKey(campaignId, trustee.index, DEMO_TRUSTEE_PASSPHRASE)
    accepted(await postKey(trustee, bytesToHex(key.record)), `trustee ${trustee.index}'s key`)
    keys.set(trustee.index, key)
  }
  await saveDemoTrustees(
    campaignId,
    invites.map((invite) => ({ ...invite, keyFile: keys.get(invite.index)!.file }))
  )
  await onLedger('key')

  const { view } = await ceremonyView(campaignId)
  const params = ceremonyState(view).params
  if (!params) throw new Error('demo ceremony: the keys are not all recorded')
  for (const trustee of trustees) {
    const dealing = bytesToHex(makeDealing(params, trustee.index))
    accepted(await postDealing(trustee, dealing), `trustee ${trustee.index}'s dealing`)
  }
  await onLedger('dealing')

  const afterDealing = await ceremonyView(campaignId)
  const dealt = ceremonyState(afterDealing.view)
  for (const trustee of trustees) {
    const secret = keys.get(trustee.index)!.secret
    const complaints = reviewDealings(params, dealt.dealings, trustee.index, secret)
    accepted(
      await postReview(trustee, complaints.map(complaintHex)),
      `trustee ${trustee.index}'s review`
    )
  }
  await onLedger('review')
  const { status } = await ceremonyView(campaignId)
  if (status !== 'complete') throw new Error(`demo ceremony: ended ${status}, not complete`)
}
