import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import {
  encodeDecryptionShareBatch,
  type DecryptionShareBatch,
} from '@civic-budget/protocol/decryption'
import { decodeLedgerTx } from '@civic-budget/protocol/tx_decode'
import { configureLedger } from '#ledger/ledger'
import { latestCombination, settleCombinations } from '#trustees/decryption/combine'
import { clearOutbox } from '#tests/helpers/ledger'
import { encryptedCampaign } from '#tests/helpers/decryption/encrypted_campaign'
import { trusteeBatches, withWrongShare } from '#tests/helpers/decryption/election'

/*
| The trustee API of the decryption: `GET /api/v1/trustee/ballots` and `POST /api/v1/trustee/shares`
| with a trustee's bearer invite token. Refusals change nothing; a batch is recorded and queued for
| the ledger whether its shares are valid or not, a bad share is named, and the batch that gives
| every ballot t valid shares starts the combination.
*/
const ADMIN_KEY = '22'.repeat(32)

const record = (batch: DecryptionShareBatch) => ({
  record: bytesToHex(encodeDecryptionShareBatch(batch)),
})

/** Four ballots over 3 projects: a, a+b, c, and a+b+c (three: breaks "at most 2"). */
const FOUR_BALLOTS = ([a, b, c]: number[]) => [
  [{ projectId: a, weight: 1 }],
  [
    { projectId: a, weight: 1 },
    { projectId: b, weight: 1 },
  ],
  [{ projectId: c, weight: 1 }],
  [
    { projectId: a, weight: 1 },
    { projectId: b, weight: 1 },
    { projectId: c, weight: 1 },
  ],
]

async function sharesState(campaignId: number) {
  const count = async (table: string, column = 'campaign_id') => {
    const [row] = await db.from(table).where(column, campaignId).count('* as n')
    return Number(row.n)
  }
  const [outbox] = await db.from('ledger_outbox').where('kind', 'decryption-shares').count('* as n')
  return {
    records: await count('ceremony_records'),
    batches: await count('decryption_batches'),
    outbox: Number(outbox.n),
  }
}

test.group('Decryption · share intake', (group) => {
  group.each.setup(async () => {
    configureLedger({ adminSecretKeyHex: ADMIN_KEY })
    await clearOutbox()
    await db.from('rate_limits').delete()
    return testUtils.db().withGlobalTransaction()
  })
  group.teardown(() => configureLedger({}))
  group.each.timeout(60_000)

  // Registered last, so its cleanup runs first: a combination the test's shares started in the
  // background finishes inside the test's own database state.
  group.each.setup(() => () => settleCombinations())

  test('a trustee reads the ballots to decrypt; a missing or unknown token is 401', async ({
    client,
    assert,
  }) => {
    const fx = await encryptedCampaign({
      threshold: 2,
      trustees: 3,
      projects: 3,
      choices: FOUR_BALLOTS,
    })
    const response = await client
      .get('/api/v1/trustee/ballots?first=1')
      .header('authorization', `Bearer ${fx.tokens[1]}`)
    response.assertStatus(200)
    assert.deepEqual(response.body(), {
      campaignId: fx.campaign.id,
      trustee: 2,
      total: 4,
      votingClosed: true,
      ballots: [1, 2, 3].map((position) => ({
        position,
        ballot: bytesToHex(fx.election.ballotBytes[position]),
      })),
    })
    const anonymous = await client.get('/api/v1/trustee/ballots')
    anonymous.assertStatus(401)
    assert.equal(anonymous.body().error, 'unauthorized')
    const unknown = await client
      .post('/api/v1/trustee/shares')
      .header('authorization', `Bearer ${'A'.repeat(43)}`)
      .json(record(trusteeBatches(fx.election, 1)[0]))
    unknown.assertStatus(401)
    assert.equal(unknown.header('www-authenticate'), 'Bearer')
    assert.deepEqual(await sharesState(fx.campaign.id), { records: 6, batches: 0, outbox: 0 })
  })

  test('20 failed tokens from one address: the 21st request is refused with 429, even with a good token', async ({
    client,
    assert,
  }) => {
    const fx = await encryptedCampaign({
      threshold: 2,
      trustees: 3,
      projects: 3,
      choices: FOUR_BALLOTS,
    })
    for (let i = 0; i < 20; i++) {
      const response = await client
        .get('/api/v1/trustee/ballots')
        .header('authorization', `Bearer ${'B'.repeat(43)}`)
      response.assertStatus(401)
    }
    const refused = await client
      .get('/api/v1/trustee/ballots')
      .header('authorization', `Bearer ${fx.tokens[0]}`)
    refused.assertStatus(429)
    assert.equal(refused.body().error, 'rate_limited')
  })

  test('before the close the shares are refused with 409 and nothing is stored', async ({
    client,
    assert,
  }) => {
    const fx = await encryptedCampaign({
      threshold: 2,
      trustees: 3,
      projects: 3,
      choices: FOUR_BALLOTS,
      stage: 'voting',
    })
    const response = await client
      .post('/api/v1/trustee/shares')
      .header('authorization', `Bearer ${fx.tokens[0]}`)
      .json(record(trusteeBatches(fx.election, 1)[0]))
    response.assertStatus(409)
    assert.equal(response.body().error, 'voting_not_closed')
    assert.deepEqual(await sharesState(fx.campaign.id), { records: 6, batches: 0, outbox: 0 })
  })

  test('another trustee, another campaign, a non-canonical range, a repeat or junk: 422, nothing stored', async ({
    client,
    assert,
  }) => {
    const fx = await encryptedCampaign({
      threshold: 2,
      trustees: 3,
      projects: 3,
      choices: FOUR_BALLOTS,
    })
    const [own] = trusteeBatches(fx.election, 1)
    const [other] = trusteeBatches(fx.election, 2)
    const post = (body: object) =>
      client
        .post('/api/v1/trustee/shares')
        .header('authorization', `Bearer ${fx.tokens[0]}`)
        .json(body)
    const refusals: [object, string][] = [
      [record(other), 'wrong_trustee'],
      [record({ ...own, campaignId: fx.campaign.id + 1 }), 'wrong_campaign'],
      [record({ ...own, first: 1, shares: own.shares.slice(1) }), 'wrong_range'],
      [record({ ...own, shares: own.shares.slice(0, 3) }), 'wrong_range'],
      [{ record: 'a1b2' }, 'malformed_record'],
      [{ record: 'not hex' }, 'validation_failed'],
    ]
    for (const [body, code] of refusals) {
      const response = await post(body)
      response.assertStatus(422)
      assert.equal(response.body().error, code, JSON.stringify(response.body()))
      assert.isString(response.body().message)
    }
    assert.deepEqual(await sharesState(fx.campaign.id), { records: 6, batches: 0, outbox: 0 })
    const accepted = await post(record(own))
    accepted.assertStatus(200)
    const again = await post(record(own))
    again.assertStatus(422)
    assert.equal(again.body().error, 'duplicate_range')
    assert.deepEqual(await sharesState(fx.campaign.id), { records: 7, batches: 1, outbox: 1 })
  })

  test('a wrong share is recorded, queued and named; the other trustees suffice and the combination runs', async ({
    client,
    assert,
  }) => {
    const fx = await encryptedCampaign({
      threshold: 2,
      trustees: 3,
      projects: 3,
      choices: FOUR_BALLOTS,
    })
    const post = (index: number, batch: DecryptionShareBatch) =>
      client
        .post('/api/v1/trustee/shares')
        .header('authorization', `Bearer ${fx.tokens[index - 1]}`)
        .json(record(batch))
    const bad = await post(2, withWrongShare(trusteeBatches(fx.election, 2)[0], 1))
    bad.assertStatus(200)
    assert.deepEqual(bad.body(), { verdict: 'invalid', badPositions: [1] })
    const [queued] = await db.from('ledger_outbox').where('kind', 'decryption-shares')
    const tx = decodeLedgerTx(new Uint8Array(queued.payload))
    assert.equal(tx.kind, 'decryption-shares')

    const good = await post(1, trusteeBatches(fx.election, 1)[0])
    assert.deepEqual(good.body(), { verdict: 'valid' })
    assert.isNull(latestCombination(fx.campaign.id), 'one valid batch is not enough (t = 2)')
    const third = await post(3, trusteeBatches(fx.election, 3)[0])
    assert.deepEqual(third.body(), { verdict: 'valid' })
    const combined = await latestCombination(fx.campaign.id)
    assert.deepInclude(combined, { status: 'combined', counted: 3, spoiled: 1 })

    const status = await client.get(`/api/v1/campaigns/${fx.campaign.id}/decryption`)
    status.assertStatus(200)
    assert.deepInclude(status.body(), {
      threshold: 2,
      trustees: 3,
      ballots: 4,
      decrypted: true,
      counted: 3,
      spoiled: 1,
      spoiledReasons: [
        {
          reason: `rule_violation: pot ${fx.election.shape.pots[0].id}: too_many (max 2, actual 3)`,
          ballots: 1,
        },
      ],
    })
    const page = await client.get(`/campaigns/${fx.campaign.slug}/results`)
    page.assertStatus(200)
    assert.include(page.text(), 'All 4 encrypted ballots were decrypted: 3 counted, 1 spoiled.')
    assert.include(
      page.text(),
      'Trustee 2 (Trustee 2) posted shares that failed their proof, for ballot positions 1'
    )
    assert.deepEqual(
      status.body().batches.map((b: any) => [b.trustee, b.name, b.valid, b.badPositions]),
      [
        [1, 'Trustee 1', true, []],
        [2, 'Trustee 2', false, [1]],
        [3, 'Trustee 3', true, []],
      ]
    )
  })
})
