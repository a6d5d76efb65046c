import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Campaign from '#campaigns/models/campaign'
import changeStage from '#campaigns/actions/change_stage'
import { decodeLedgerTx } from '@civic-budget/protocol/tx_decode'
import db from '@adonisjs/lucid/services/db'
import { configureLedger } from '#ledger/ledger'
import { projectionTip } from '#ledger/projection/projector'
import { votingClosed } from '#trustees/decryption/voting_closed'
import {
  clearOutbox,
  openVoting,
  outboxRows,
  reviewCampaignWithProjects,
} from '#tests/helpers/ledger'

/*
| Leaving voting before the replicas' window ends (the campaign tx's votingClosesAtMs) queues a
| `voting-closed` record in the stage change; after the window's own end nothing is queued. The
| decryption gate opens once that record is committed (or the window's end has passed).
*/
async function closeVoting(campaignId: number, adminId: number) {
  const result = await changeStage({ type: 'staff', id: adminId }, campaignId, {
    from: 'voting',
    to: 'results',
  })
  if (result.outcome !== 'ok') throw new Error(`closeVoting: ${JSON.stringify(result)}`)
}

async function closingRows(campaignId: number) {
  const rows = await outboxRows()
  return rows.filter((r) => {
    if (r.kind !== 'voting-closed') return false
    const tx = decodeLedgerTx(new Uint8Array(r.payload))
    return (
      'record' in tx && tx.record.kind === 'voting-closed' && tx.record.campaignId === campaignId
    )
  })
}

test.group('Voting · the ledger window on closing', (group) => {
  group.setup(() => {
    configureLedger({ adminSecretKeyHex: '5a'.repeat(32) })
    return () => configureLedger({})
  })
  group.each.setup(() => clearOutbox())

  test('closing by hand before the end queues voting-closed; decryption waits for its commit', async ({
    assert,
  }) => {
    const { campaign, admin } = await reviewCampaignWithProjects(1)
    await Campaign.query()
      .where('id', campaign.id)
      .update({ votingClosesAt: DateTime.now().plus({ days: 3 }) })
    await openVoting(campaign.id, admin.id)
    assert.lengthOf(await closingRows(campaign.id), 0)
    await closeVoting(campaign.id, admin.id)

    const [row] = await closingRows(campaign.id)
    assert.exists(row)
    assert.equal(row.status, 'queued')
    // queued but not on the ledger: the replicas would still refuse decryption shares
    assert.isFalse(await votingClosed(campaign.id))
    const queued = await outboxRows()
    const campaignRow = queued.find((r) => r.kind === 'campaign')!
    // committed in a block the projection has not reached: its ballots are not all listed yet
    const tip = await projectionTip()
    await outboxRowsCommitted([campaignRow.id, row.id], tip.height + 1)
    assert.isFalse(await votingClosed(campaign.id))
    await outboxRowsCommitted([campaignRow.id, row.id], tip.height)
    assert.isTrue(await votingClosed(campaign.id))
  })

  test('closing after the window has ended queues nothing; the gate is open', async ({
    assert,
  }) => {
    const { campaign, admin } = await reviewCampaignWithProjects(1)
    const closesAt = DateTime.now().plus({ seconds: 1 })
    await Campaign.query().where('id', campaign.id).update({ votingClosesAt: closesAt })
    await openVoting(campaign.id, admin.id)
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    await closeVoting(campaign.id, admin.id)
    assert.lengthOf(await closingRows(campaign.id), 0)
    assert.isTrue(await votingClosed(campaign.id))
  })

  test('a campaign still in voting is not closed for decryption, whatever the outbox holds', async ({
    assert,
  }) => {
    const { campaign, admin } = await reviewCampaignWithProjects(1)
    await openVoting(campaign.id, admin.id)
    assert.isFalse(await votingClosed(campaign.id))
  })
})

async function outboxRowsCommitted(ids: number[], height: number) {
  await db
    .from('ledger_outbox')
    .whereIn('id', ids)
    .update({ status: 'committed', committed_height: height })
}
