import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { genesisBlockHash } from '@civic-budget/protocol'
import { projectBlocks } from '#ledger/projection/projector'
import { clearOutbox, resetReadModels } from '#tests/helpers/ledger'
import { makeStaff } from '#tests/helpers/campaigns'
import { staffRequest } from '#tests/helpers/staff'
import { scriptedChain, type ScriptedChain } from '#tests/helpers/voting/scripted_chain'
import {
  decryptStored,
  encryptedVotingCampaign,
  honestEncryptedBallot,
  type EncryptedTestBallot,
} from '#tests/helpers/decryption/encrypted_campaign'

/*
| The projection of committed encrypted ballots (v2): `encrypted_ballots` in the order the replicas
| count them (height, then order in the block), positions 0, 1, … per campaign, gap-free and the
| same after the projector re-reads blocks; turnout (per channel, per hour) counts them, project and
| pot tallies never do; the results and staff reports say the counts are sealed instead of showing zeros.
*/
const HOUR = 3_600_000
const T0 = Date.UTC(2027, 2, 1, 9, 15)

const txOf = (b: EncryptedTestBallot) => b.tx

test.group('Encrypted ballots in the projection', (group) => {
  let chain: ScriptedChain

  group.setup(async () => {
    chain = await scriptedChain()
    return async () => {
      await chain.stop()
      await resetReadModels()
      await clearOutbox() // the campaign txs queued when voting opened (no ledger here)
    }
  })
  group.each.setup(() => resetReadModels())

  test('ledger order, gap-free positions across passes and re-reads; turnout only; results sealed', async ({
    assert,
    client,
  }) => {
    const { campaign, projects, ceremony } = await encryptedVotingCampaign(3)
    const other = await encryptedVotingCampaign(2)
    const ballots: EncryptedTestBallot[] = []
    for (const picks of [[0], [1, 2], [0, 2], [2], [0, 1]]) {
      ballots.push(
        await honestEncryptedBallot(
          ceremony,
          picks.map((i) => ({ projectId: projects[i].id, weight: 1 }))
        )
      )
    }
    const foreign = await honestEncryptedBallot(other.ceremony, [
      { projectId: other.projects[0].id, weight: 1 },
    ])
    const [b0, b1, b2, b3, b4] = ballots
    chain.serve([
      { txs: [txOf(b0), txOf(foreign), txOf(b1)], timestampMs: T0 },
      { txs: [txOf(b2)], timestampMs: T0 + 10 * 60_000 },
      { txs: [txOf(b3), txOf(b4)], timestampMs: T0 + HOUR },
    ])

    // Two passes (a restart in between): the second continues the numbering.
    const first = await projectBlocks({ client: chain.client, maxBlocks: 2 })
    assert.equal(first.height, 2)
    const second = await projectBlocks({ client: chain.client })
    assert.equal(second.height, 3)

    const stored = async (campaignId: number) =>
      db.from('encrypted_ballots').where('campaign_id', campaignId).orderBy('position')
    const rows = await stored(campaign.id)
    assert.deepEqual(
      rows.map((r) => [r.position, r.ballot_hash, Number(r.height)]),
      [
        [0, b0.ballotHash, 1],
        [1, b1.ballotHash, 1],
        [2, b2.ballotHash, 2],
        [3, b3.ballotHash, 3],
        [4, b4.ballotHash, 3],
      ]
    )
    const others = await stored(other.campaign.id)
    assert.deepEqual(
      others.map((r) => [r.position, r.ballot_hash]),
      [[0, foreign.ballotHash]],
      'positions are per campaign'
    )
    // What is stored is the ballot itself: t trustees open it to the voter's choices.
    rows.forEach((row, i) => {
      assert.equal(row.tx_hash, ballots[i].txHash)
      const opened = decryptStored(ceremony, new Uint8Array(row.ballot_bytes))
      assert.deepEqual(opened, { ok: true, choices: ballots[i].choices })
    })

    // The projector reads the same blocks again (state moved back by hand): nothing changes.
    await db
      .from('ledger_projection_state')
      .update({ height: 0, block_hash: genesisBlockHash('civic-budget-test') })
    const again = await projectBlocks({ client: chain.client })
    assert.equal(again.ballots, 0)
    assert.equal(again.alreadyCounted, 6)
    const reread = await stored(campaign.id)
    assert.deepEqual(
      reread.map((r) => [r.position, r.ballot_hash]),
      rows.map((r) => [r.position, r.ballot_hash])
    )

    // Turnout per channel and hour; no project or pot counts at all.
    const hours = await db.from('tally_hours').where('campaign_id', campaign.id).orderBy('hour')
    assert.deepEqual(
      hours.map((h) => [h.hour.getTime(), h.channel, h.ballots]),
      [
        [Date.UTC(2027, 2, 1, 9), 'online', 3],
        [Date.UTC(2027, 2, 1, 10), 'online', 2],
      ]
    )
    assert.lengthOf(await db.from('tally_projects').where('campaign_id', campaign.id), 0)
    assert.lengthOf(await db.from('tally_pots').where('campaign_id', campaign.id), 0)
    const records = await db.from('ballot_records').where('campaign_id', campaign.id)
    assert.lengthOf(records, 5)
    assert.isTrue(records.every((r) => JSON.stringify(r.choices) === '[]'))

    const results = await client.get(`/api/v1/campaigns/${campaign.id}/results`)
    results.assertStatus(200)
    assert.include(results.body(), { sealed: true, ballots: 5 })
    assert.deepEqual(results.body().channels, { online: 5, terminal: 0, paper: 0 })
    assert.deepEqual(results.body().projects, [])
    assert.deepEqual(results.body().pots, [])
    assert.deepEqual(results.body().districts, [])

    // The page: turnout and the sealed note, no project rows (props carry no counts).
    const page = await client.get(`/campaigns/${campaign.slug}/results`).withInertia()
    page.assertStatus(200)
    const props = page.inertiaProps as any
    assert.equal(props.results.sealed, true)
    assert.equal(props.results.ballots, 5)
    assert.deepEqual(props.results.pots, [])

    // Staff reports: turnout and channels, no projects report (not zeros) while sealed.
    const observer = await makeStaff('observer', campaign.communityId)
    const reports = await staffRequest(
      client,
      'get',
      `/staff/campaigns/${campaign.id}/reports`,
      observer
    ).withInertia()
    reports.assertStatus(200)
    const staffReports = reports.inertiaProps.reports as Record<string, any>
    assert.isNull(staffReports.projects)
    assert.deepEqual(
      staffReports.channels.find((c: any) => c.channel === 'online'),
      { channel: 'online', ballots: 5 }
    )
  }).timeout(90_000)
})
