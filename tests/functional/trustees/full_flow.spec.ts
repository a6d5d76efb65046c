import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { bytesToHex, hexToBytes } from '@civic-budget/protocol/bytes'
import {
  decodeEncryptedBallot,
  type EncryptedBallot,
} from '@civic-budget/protocol/encrypted_ballot'
import {
  encodeDecryptionShareBatch,
  makeDecryptionShareBatch,
} from '@civic-budget/protocol/decryption'
import {
  ceremonyOutcome,
  ceremonyState,
  complaintHex,
  makeDealing,
  myKeyShare,
  reviewDealings,
} from '@civic-budget/protocol/trustee'
import changeStage from '#campaigns/actions/change_stage'
import Campaign from '#campaigns/models/campaign'
import { projectBlocks } from '#ledger/projection/projector'
import { auditCampaign } from '#outcomes/audit/audit'
import { combineCampaign, settleCombinations } from '#trustees/decryption/combine'
import { campaignEncryption } from '#trustees/encryption'
import { postBallot, replicaTally } from '#tests/helpers/ballots'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import {
  commitQueued,
  openVoting,
  resetReadModels,
  reviewCampaignWithProjects,
} from '#tests/helpers/ledger'
import { withWrongShare } from '#tests/helpers/decryption/election'
import { ceremonyView, nameTrusteesAs, postKeys, trusteeApi } from '#tests/helpers/trustees'
import { honestEncryptedBallot, voterCeremony } from '#tests/helpers/decryption/encrypted_campaign'

/*
| Issue #14 end to end against a real 4-replica cluster, through the same API the trustee page and
| CLI use: an admin names three trustees (2 of 3); their keys, dealings and reviews reach the ledger;
| the ceremony completes and voting opens with the election key the replicas recompute; residents'
| v2 ballots are committed; after the close two trustees post valid decryption shares and the third
| a wrong one (named, not used); the ballots are decrypted into the ordinary read models, the outcome
| is published — and `ledger:audit` reproduces it from the replicas' data alone.
*/
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test.group('Trustees · an encrypted campaign from naming to audit (real replicas)', (group) => {
  const cluster = withLedgerCluster(group)
  group.teardown(() => resetReadModels())

  // Registered last, so its cleanup runs first: a combination the test's shares started in the
  // background finishes inside the test's own database state.
  group.each.setup(() => () => settleCombinations())

  test('ceremony, encrypted vote, close, decryption with a bad trustee named, outcome, audit', async ({
    client,
    assert,
  }) => {
    const { campaign, admin, projects } = await reviewCampaignWithProjects(3)
    const ids = projects.map((p) => p.id)
    const trustees = await nameTrusteesAs(client, admin, campaign.id, {
      names: ['Ada', 'Boris', 'Chen'],
      threshold: 2,
    })
    await commitQueued(assert)

    // Keys, then dealings, then reviews: each step on the ledger before the next.
    const keys = await postKeys(client, campaign.id, trustees)
    await commitQueued(assert)
    const afterKeys = await ceremonyView(client, trustees[0])
    const params = ceremonyState(afterKeys).params!
    for (const trustee of trustees) {
      const record = bytesToHex(makeDealing(params, trustee.index))
      const dealt = await trusteeApi(client, trustee.token).post('dealing', { record })
      dealt.assertStatus(201)
    }
    await commitQueued(assert)
    for (const [i, trustee] of trustees.entries()) {
      const state = ceremonyState(await ceremonyView(client, trustee))
      const complaints = reviewDealings(params, state.dealings, trustee.index, keys[i].secret)
      assert.lengthOf(complaints, 0)
      const body = { complaints: complaints.map(complaintHex) }
      const reviewed = await trusteeApi(client, trustee.token).post('review', body)
      reviewed.assertStatus(201)
    }
    await commitQueued(assert)
    const completed = await ceremonyView(client, trustees[0])
    assert.equal(completed.status, 'complete')
    const encryption = await campaignEncryption(campaign.id)
    if (!encryption.encrypted || !encryption.complete) throw new Error('ceremony not complete')

    // Voting: the replicas accept the campaign tx only with the election key they recompute.
    const closesAt = DateTime.now().plus({ seconds: 12 })
    await Campaign.query().where('id', campaign.id).update({ votingClosesAt: closesAt })
    await openVoting(campaign.id, admin.id)
    await commitQueued(assert)
    const ceremony = voterCeremony(campaign.id, encryption)
    const picks = [[ids[0]], [ids[0], ids[1]], [ids[2]], [ids[0]]]
    const ballotHashes: string[] = []
    for (const pick of picks) {
      const choices = pick.map((projectId) => ({ projectId, weight: 1 }))
      const ballot = await honestEncryptedBallot(ceremony, choices)
      const cast = await postBallot(client, campaign.id, ballot.body)
      cast.assertStatus(200)
      ballotHashes.push(ballot.ballotHash)
    }
    // What a voter's check page is told of each ballot: encrypted, counted after the close.
    const verdictOf = async (hash: string) => {
      const answer = await client.get(`/api/v1/ballots/${hash}`)
      return answer.body().verdict?.status
    }
    for (const hash of ballotHashes) assert.equal(await verdictOf(hash), 'pending')
    for (const url of cluster().urls) {
      const tally = (await replicaTally(url, campaign.id)) as unknown as {
        encryptedBallots: number
      }
      assert.equal(tally.encryptedBallots, picks.length, url)
    }

    // The close: the replicas take decryption shares only after the window in the campaign tx.
    await sleep(Math.max(0, closesAt.toMillis() - Date.now()) + 1_500)
    const moved = await changeStage({ type: 'staff', id: admin.id }, campaign.id, {
      from: 'voting',
      to: 'results',
    })
    assert.equal(moved.outcome, 'ok', JSON.stringify(moved))
    const held = await db.from('campaign_outcomes').where('campaign_id', campaign.id).first()
    assert.notExists(held, 'no outcome is published before the decryption')
    await resetReadModels()
    await projectBlocks()

    // Trustees 1 and 2 post valid shares, trustee 3 a wrong one.
    const state = ceremonyState(await ceremonyView(client, trustees[0]))
    const result = ceremonyOutcome(state)
    if (!result?.ok) throw new Error('no ceremony result')
    for (const [i, trustee] of trustees.entries()) {
      const listed = await client
        .get('/api/v1/trustee/ballots')
        .header('Authorization', `Bearer ${trustee.token}`)
      listed.assertStatus(200)
      assert.equal(listed.body().total, picks.length)
      const ballots: EncryptedBallot[] = listed.body().ballots.map((b: { ballot: string }) => {
        const decoded = decodeEncryptedBallot(hexToBytes(b.ballot))
        if (!decoded.ok) throw decoded.error
        return decoded.value
      })
      const share = myKeyShare(params, result, state.dealings, trustee.index, keys[i].secret)
      if (!share.ok) throw new Error(`trustee ${trustee.index}: ${share.reason}`)
      const keyShare = {
        campaignId: campaign.id,
        trustee: trustee.index,
        keyShare: share.share,
        publicShare: result.publicShares[trustee.index - 1],
      }
      let batch = makeDecryptionShareBatch(keyShare, ballots, 0)
      if (trustee.index === 3) batch = withWrongShare(batch, 1)
      const posted = await client
        .post('/api/v1/trustee/shares')
        .header('Authorization', `Bearer ${trustee.token}`)
        .json({ record: bytesToHex(encodeDecryptionShareBatch(batch)) })
      posted.assertStatus(200)
      assert.equal(posted.body().verdict, trustee.index === 3 ? 'invalid' : 'valid')
    }
    await commitQueued(assert)

    const combined = await combineCampaign(campaign.id)
    assert.equal(combined.status, 'combined', JSON.stringify(combined))
    const tallies = await db
      .from('tally_projects')
      .where('campaign_id', campaign.id)
      .select('project_id', 'votes')
    const votes: Record<number, number> = {}
    for (const t of tallies) votes[t.project_id] = (votes[t.project_id] ?? 0) + Number(t.votes)
    assert.deepEqual(votes, { [ids[0]]: 3, [ids[1]]: 1, [ids[2]]: 1 })
    const status = await client.get(`/api/v1/campaigns/${campaign.id}/decryption`)
    status.assertStatus(200)
    const named = status
      .body()
      .batches.map((b: { trustee: number; valid: boolean }) => [b.trustee, b.valid])
    assert.sameDeepMembers(named, [
      [1, true],
      [2, true],
      [3, false],
    ])
    assert.include(status.body(), { decrypted: true, counted: picks.length, spoiled: 0 })
    for (const hash of ballotHashes) assert.equal(await verdictOf(hash), 'counted')
    await commitQueued(assert)
    const outcome = await db.from('campaign_outcomes').where('campaign_id', campaign.id).first()
    assert.exists(outcome, 'the outcome is published after the decryption')

    // The audit: from the replicas' data and the genesis alone, then against the database too.
    for (const database of [null, db.connection()]) {
      const report = await auditCampaign({
        campaignId: campaign.id,
        replicaUrl: cluster().url(1),
        genesis: cluster().genesis,
        db: database,
      })
      assert.deepEqual(report.differences, [])
      assert.isTrue(report.ok, report.lines.join('\n'))
    }
  }).timeout(240_000)
})
