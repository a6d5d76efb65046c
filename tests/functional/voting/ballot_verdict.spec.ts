import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { encodeDecryptionShareBatch } from '@civic-budget/protocol/decryption'
import { configureLedger } from '#ledger/ledger'
import { combineCampaign } from '#trustees/decryption/combine'
import { receiveShares } from '#trustees/decryption/share_intake'
import { trusteeByToken } from '#trustees/trustee_token'
import { clearOutbox, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import { encryptedCampaign } from '#tests/helpers/decryption/encrypted_campaign'
import { trusteeBatches } from '#tests/helpers/decryption/election'

/*
| `GET /api/v1/ballots/:ballotHash` of a committed ballot of an encrypted campaign says what the
| decryption made of it: pending (before the projection stores it, and after, even though the
| projection already counted it for the turnout),
| then counted or spoiled with a localized reason — and never the stored free text of the rules
| it broke (that is about its choices).
*/
const ADMIN_KEY = '44'.repeat(32)

/** By project index: the last one breaks "at most 2". */
const BALLOTS = [[0], [0, 1], [0, 1, 2]]

async function campaignReadyToCombine() {
  const fx = await encryptedCampaign({
    threshold: 2,
    trustees: 3,
    projects: 3,
    choices: (ids) => BALLOTS.map((b) => b.map((i) => ({ projectId: ids[i], weight: 1 }))),
  })
  for (const index of [1, 2]) {
    const trustee = await trusteeByToken(fx.tokens[index - 1])
    const [batch] = trusteeBatches(fx.election, index)
    const result = await receiveShares(trustee!, encodeDecryptionShareBatch(batch), null)
    if (!result.ok || result.verdict !== 'valid') throw new Error(JSON.stringify(result))
  }
  // As the intake and the projection leave committed ballots: an intake row with its receipt, and
  // a choice-less `ballot_records` row (turnout).
  const now = new Date()
  for (const [position, hash] of fx.election.ballotHashes.entries()) {
    await db.table('ballots').insert({
      ballot_hash: hash,
      campaign_id: fx.campaign.id,
      voter_key: String(position).padStart(64, '0'),
      tx_hash: hash,
      tx: Buffer.from(fx.election.ballotBytes[position]),
      channel: 'online',
      status: 'committed',
      height: 10 + position,
      receipt: JSON.stringify({ version: 1, ballotHash: hash }),
      created_at: now,
      updated_at: now,
    })
    await db.table('ballot_records').insert({
      campaign_id: fx.campaign.id,
      ref: hash,
      channel: 'online',
      choices: JSON.stringify([]),
      height: 10 + position,
      tx_hash: hash,
    })
  }
  return fx
}

test.group('Voting · ballot verdict of an encrypted campaign', (group) => {
  group.each.setup(async () => {
    configureLedger({ adminSecretKeyHex: ADMIN_KEY })
    await clearOutbox()
    return testUtils.db().withGlobalTransaction()
  })
  group.teardown(() => configureLedger({}))
  group.each.timeout(60_000)

  test('pending before the combination, then counted or spoiled with a localized reason', async ({
    client,
    assert,
  }) => {
    const fx = await campaignReadyToCombine()
    const [counted, , spoiled] = fx.election.ballotHashes

    const before = await client.get(`/api/v1/ballots/${counted}`).header('Accept-Language', 'en')
    before.assertStatus(200)
    assert.equal(before.body().status, 'committed')
    assert.deepEqual(before.body().receipt, { version: 1, ballotHash: counted })
    assert.equal(before.body().verdict.status, 'pending')
    assert.match(before.body().verdict.message, /after the voting closes/)

    const result = await combineCampaign(fx.campaign.id)
    assert.equal(result.status, 'combined')

    const after = await client.get(`/api/v1/ballots/${counted}`).header('Accept-Language', 'en')
    assert.deepEqual(after.body().verdict, {
      status: 'counted',
      message: 'Decrypted and counted.',
    })
    const bad = await client.get(`/api/v1/ballots/${spoiled}`).header('Accept-Language', 'uk')
    assert.deepEqual(bad.body().verdict, {
      status: 'spoiled',
      reason: 'rule_violation',
      message:
        'Розшифрований, але не підрахований (зіпсований): вибір порушує правила голосування кампанії',
    })
    assert.notInclude(JSON.stringify(bad.body()), 'too_many')
  })

  test('a ballot not yet projected is pending; one in clear has no verdict; an unknown hash is a 404', async ({
    client,
    assert,
  }) => {
    const fx = await campaignReadyToCombine()
    const unprojected = 'ef'.repeat(32)
    await db.table('ballots').insert({
      ballot_hash: unprojected,
      campaign_id: fx.campaign.id,
      voter_key: 'ef'.repeat(32),
      tx_hash: unprojected,
      tx: Buffer.from([2]),
      channel: 'online',
      status: 'committed',
      height: 30,
      receipt: JSON.stringify({ version: 1, ballotHash: unprojected }),
    })
    const waiting = await client.get(`/api/v1/ballots/${unprojected}`)
    assert.equal(waiting.body().verdict.status, 'pending')

    const { campaign: clearCampaign } = await reviewCampaignWithProjects(1)
    const clear = 'ab'.repeat(32)
    await db.table('ballots').insert({
      ballot_hash: clear,
      campaign_id: clearCampaign.id,
      voter_key: 'cd'.repeat(32),
      tx_hash: clear,
      tx: Buffer.from([1]),
      channel: 'online',
      status: 'committed',
      height: 3,
      receipt: JSON.stringify({ version: 1, ballotHash: clear }),
    })
    const answer = await client.get(`/api/v1/ballots/${clear}`)
    answer.assertStatus(200)
    assert.notProperty(answer.body(), 'verdict')
    const unknown = await client.get(`/api/v1/ballots/${'0'.repeat(64)}`)
    unknown.assertStatus(404)
  })
})
