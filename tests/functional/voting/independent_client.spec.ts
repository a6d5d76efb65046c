import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import DemoSeeder from '#database/seeders/demo_seeder'
import { DEMO_VOTING_CAMPAIGN_SLUG } from '#voting/demo_voting_campaign'
import { configureLedger } from '#ledger/ledger'
import { projectBlocks } from '#ledger/projection/projector'
import { resetIntake } from '#voting/intake/intake'
import { TestLedgerCluster } from '#tests/helpers/ledger_cluster'
import { clearOutbox } from '#tests/helpers/ledger'
import { freshPhone, resetRateLimits } from '#tests/helpers/voting'
import { replicaTally, replicaTxStatus, votingCampaign } from '#tests/helpers/ballots'
import { independentCbor, voteAsIndependentClient } from '#tests/helpers/independent_client/index'
import {
  decryptStored,
  encryptedVotingCampaign,
} from '#tests/helpers/decryption/encrypted_campaign'

/*
| Conformance end to end: the independent client (written from protocol.md alone, importing
| nothing from app/) against the real server and a real 4-replica cluster — SMS sign-in through
| the dev outbox, blind credential, ballot sent without any credentials of the person, receipt
| verified offline by the client's own CBOR, Merkle and BLS code against GET /ledger/genesis.
*/
test.group('Independent client against the server and real replicas', (group) => {
  let cluster: TestLedgerCluster

  group.setup(async () => {
    cluster = await TestLedgerCluster.start()
    return async () => {
      await resetIntake()
      configureLedger({})
      await clearOutbox()
      await cluster.stop()
    }
  })
  group.each.setup(async () => {
    await resetRateLimits()
    await resetIntake()
    configureLedger({ replicas: cluster.urls, genesisPath: cluster.genesisPath })
  })

  test('sign in by SMS, credential, ballot, receipt verified offline', async ({ assert }) => {
    const { campaign, projects } = await votingCampaign(3)
    const baseUrl = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}`
    const steps: string[] = []
    const started = Date.now()
    const result = await voteAsIndependentClient(baseUrl, {
      phone: freshPhone(),
      campaignId: campaign.id,
      choose: () => [
        { projectId: projects[2].id, weight: 1 },
        { projectId: projects[0].id, weight: 1 },
      ],
      log: (message) => steps.push(message),
    })
    console.log(`[independent client] whole flow in ${Date.now() - started} ms`)
    assert.isTrue(result.verified, result.failed)
    assert.equal(result.campaignId, campaign.id)
    assert.equal(result.receipt.ballotHash, result.ballotHash)
    assert.deepEqual(steps, ['signed in', 'credential ok', 'receipt received'])

    // The ballot is on the replicas (asked directly, not through the app).
    const txHash = createHash('sha256')
      .update(Buffer.from(result.receipt.tx, 'base64'))
      .digest('hex')
    assert.equal(await replicaTxStatus(cluster.url(2), txHash), 'committed')
    const tally = await replicaTally(cluster.url(2), campaign.id)
    assert.equal(tally.ballots, 1)
  }).timeout(120_000)

  test('an encrypted campaign: the client encrypts its choices (ballot v2), the receipt verifies offline and the ballot opens only with t trustees', async ({
    assert,
  }) => {
    // The ceremony's records are queued before the campaign tx, so the replicas accept it.
    const { campaign, projects, ceremony } = await encryptedVotingCampaign(3)
    const baseUrl = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}`
    const steps: string[] = []
    let offered: unknown = null
    const result = await voteAsIndependentClient(baseUrl, {
      phone: freshPhone(),
      campaignId: campaign.id,
      choose: (seen) => {
        offered = seen.encryption
        return [
          { projectId: projects[1].id, weight: 1 },
          { projectId: projects[0].id, weight: 1 },
        ]
      },
      log: (message) => steps.push(message),
    })
    assert.deepInclude(offered, { electionKey: ceremony.electionKeyHex, threshold: 2, trustees: 3 })
    assert.isTrue(result.verified, result.failed)
    assert.deepEqual(steps, ['signed in', 'credential ok', 'receipt received'])

    // A v2 ballot, committed on the replicas (asked directly), counted there without choices.
    const tx = Buffer.from(result.receipt.tx, 'base64')
    const [, , ballotBytes] = independentCbor.decode(tx) as [number, string, Uint8Array]
    assert.equal((independentCbor.decode(ballotBytes) as unknown[])[0], 2)
    const txHash = createHash('sha256').update(tx).digest('hex')
    assert.equal(await replicaTxStatus(cluster.url(3), txHash), 'committed')
    const tally = (await replicaTally(cluster.url(3), campaign.id)) as {
      ballots: number
      encryptedBallots: number
    }
    assert.include(tally, { ballots: 1, encryptedBallots: 1 })
    // What the client sent opens, with two trustees' shares, to exactly its choices.
    assert.deepEqual(decryptStored(ceremony, ballotBytes), {
      ok: true,
      choices: [
        { projectId: projects[0].id, weight: 1 },
        { projectId: projects[1].id, weight: 1 },
      ],
    })
    // The app says what becomes of it: encrypted, counted after the close.
    const status = await fetch(`${baseUrl}/api/v1/ballots/${result.ballotHash}`)
    const body = (await status.json()) as { status: string; verdict?: { status: string } }
    assert.equal(body.status, 'committed')
    assert.equal(body.verdict?.status, 'pending')
    // …before and after the projection stores it among the campaign's encrypted ballots.
    await projectBlocks()
    const stored = await db.from('encrypted_ballots').where('ballot_hash', result.ballotHash)
    assert.lengthOf(stored, 1)
    const again = await fetch(`${baseUrl}/api/v1/ballots/${result.ballotHash}`)
    assert.equal(((await again.json()) as typeof body).verdict?.status, 'pending')
  }).timeout(120_000)

  test('the demo seed: a made-up number can vote in the seeded voting campaign', async ({
    assert,
  }) => {
    await new DemoSeeder(db.connection()).run()
    const demo = await db.from('campaigns').where('slug', DEMO_VOTING_CAMPAIGN_SLUG).first()
    assert.equal(demo.stage, 'voting')
    assert.isTrue(demo.live_results_public)
    const [queued] = await db.from('ledger_outbox').where('kind', 'campaign').orderBy('id', 'desc')
    assert.equal(queued.status, 'queued', 'its campaign tx waits in the outbox for the ledger')

    // No campaign id given: the client picks the newest campaign in voting — the demo one.
    const baseUrl = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}`
    const result = await voteAsIndependentClient(baseUrl, {
      phone: '+79995550123',
      choose: (campaign) => {
        const firstPot = campaign.pots[0].id
        return campaign.projects
          .filter((p) => p.potId === firstPot)
          .slice(0, 2)
          .map((p) => ({ projectId: p.id, weight: 1 }))
      },
    })
    assert.equal(result.campaignId, demo.id)
    assert.isTrue(result.verified, result.failed)
  }).timeout(180_000)
})
