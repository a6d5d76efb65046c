import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { CountedBallot } from '#ledger/projection/tx_handlers'

/*
| The `encrypted_ballots` read model (migration 0240): every committed v2 ballot of a campaign, in
| the order the replicas count them — block height, then order in the block — numbered `position`
| 0, 1, … per campaign. Decryption shares refer to ballots by position, so the numbering must be
| gap-free and never change: written in the projector's transaction (the state row is locked, one
| projector at a time), ballots already stored are skipped before numbering, and the next position
| continues from the campaign's highest one. Applying the same blocks twice changes nothing.
*/
const INSERT_CHUNK = 1000

export async function appendEncryptedBallots(
  trx: TransactionClientContract,
  ballots: CountedBallot[]
): Promise<number> {
  const sealed = ballots.filter((b) => b.sealed !== undefined)
  if (sealed.length === 0) return 0
  const stored = new Set<string>()
  for (let i = 0; i < sealed.length; i += INSERT_CHUNK) {
    const rows = await trx
      .from('encrypted_ballots')
      .whereIn(
        'ballot_hash',
        sealed.slice(i, i + INSERT_CHUNK).map((b) => b.ref)
      )
      .select('ballot_hash')
    for (const row of rows) stored.add(row.ballot_hash)
  }
  const byCampaign = new Map<number, CountedBallot[]>()
  for (const ballot of sealed) {
    if (stored.has(ballot.ref)) continue
    stored.add(ballot.ref) // the same ballot twice in one run of blocks is numbered once
    const list = byCampaign.get(ballot.campaignId) ?? []
    list.push(ballot)
    byCampaign.set(ballot.campaignId, list)
  }
  let appended = 0
  for (const [campaignId, list] of byCampaign) {
    const top = await trx
      .from('encrypted_ballots')
      .where('campaign_id', campaignId)
      .max('position as top')
      .first()
    const next = top?.top === null || top?.top === undefined ? 0 : Number(top.top) + 1
    const rows = list.map((b, i) => ({
      campaign_id: campaignId,
      position: next + i,
      ballot_hash: b.ref,
      tx_hash: b.txHash,
      ballot_bytes: Buffer.from(b.sealed!),
      height: b.height,
    }))
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx
        .knexQuery()
        .table('encrypted_ballots')
        .insert(rows.slice(i, i + INSERT_CHUNK))
    }
    appended += rows.length
  }
  return appended
}
