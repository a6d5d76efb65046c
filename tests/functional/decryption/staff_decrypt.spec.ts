import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { encodeDecryptionShareBatch } from '@civic-budget/protocol/decryption'
import type { DecryptionShareBatch } from '@civic-budget/protocol/decryption'
import { configureLedger } from '#ledger/ledger'
import { receiveShares } from '#trustees/decryption/share_intake'
import { trusteeByToken } from '#trustees/trustee_token'
import { makeStaff } from '#tests/helpers/campaigns'
import { clearOutbox } from '#tests/helpers/ledger'
import {
  encryptedCampaign,
  type EncryptedCampaign,
} from '#tests/helpers/decryption/encrypted_campaign'
import { trusteeBatches, withWrongShare } from '#tests/helpers/decryption/election'
import type { ApiClient } from '@japa/api-client'

/*
| The staff trustees screen after the close: the decryption's progress (every share batch with its
| verdict, a trustee whose share failed its proof named) and "Decrypt now" — admins only, refused
| with a clear message before the close and while shares are missing (nothing written), then the
| combination, audited as this admin.
*/
const ADMIN_KEY = '55'.repeat(32)

/** By project index: the last one breaks "at most 2". */
const BALLOTS = [[0], [0, 1], [2], [0, 1, 2]]

async function campaign(stage: 'voting' | 'results' = 'results') {
  return encryptedCampaign({
    threshold: 2,
    trustees: 3,
    projects: 3,
    choices: (ids) => BALLOTS.map((b) => b.map((i) => ({ projectId: ids[i], weight: 1 }))),
    stage,
  })
}

async function share(fx: EncryptedCampaign, index: number, batch?: DecryptionShareBatch) {
  const trustee = await trusteeByToken(fx.tokens[index - 1])
  const bytes = encodeDecryptionShareBatch(batch ?? trusteeBatches(fx.election, index)[0])
  const result = await receiveShares(trustee!, bytes, null)
  if (!result.ok) throw new Error(JSON.stringify(result))
}

type Staff = Awaited<ReturnType<typeof makeStaff>>

function decrypt(client: ApiClient, campaignId: number, user: Staff) {
  return client
    .post(`/staff/campaigns/${campaignId}/trustees/decrypt`)
    .accept('json')
    .withCsrfToken()
    .withGuard('staff')
    .loginAs(user)
    .redirects(0)
}

test.group('Decryption · staff trustees screen', (group) => {
  group.each.setup(async () => {
    configureLedger({ adminSecretKeyHex: ADMIN_KEY })
    await clearOutbox()
    return testUtils.db().withGlobalTransaction()
  })
  group.teardown(() => configureLedger({}))
  group.each.timeout(60_000)

  test('progress with a bad trustee named; "Decrypt now" refused while shares are missing, then combines, audited', async ({
    client,
    assert,
  }) => {
    const fx = await campaign()
    const admin = await makeStaff('admin', fx.campaign.communityId)
    await share(fx, 1)
    await share(fx, 2, withWrongShare(trusteeBatches(fx.election, 2)[0], 1))

    const screen = await client
      .get(`/staff/campaigns/${fx.campaign.id}/trustees`)
      .accept('json')
      .withGuard('staff')
      .loginAs(admin)
    screen.assertStatus(200)
    const progress = screen.body().decryption
    assert.equal(progress.decrypted, false)
    assert.deepEqual(
      progress.batches.map((b: any) => [b.trustee, b.name, b.valid, b.badPositions]),
      [
        [1, 'Trustee 1', true, []],
        [2, 'Trustee 2', false, [1]],
      ]
    )

    const moderator = await makeStaff('moderator', fx.campaign.communityId)
    const forbidden = await decrypt(client, fx.campaign.id, moderator)
    forbidden.assertStatus(403)

    const early = await decrypt(client, fx.campaign.id, admin).header('Accept-Language', 'en')
    early.assertStatus(409)
    assert.equal(early.body().error, 'shares_missing')
    assert.include(early.body().message, '1 of 4 ballots')
    assert.isNull(
      await db.from('campaign_decryptions').where('campaign_id', fx.campaign.id).first()
    )
    assert.lengthOf(await db.from('ballot_records').where('campaign_id', fx.campaign.id), 0)

    await share(fx, 3)
    const done = await decrypt(client, fx.campaign.id, admin).header('Accept-Language', 'en')
    done.assertStatus(200)
    assert.equal(done.body().message, 'The ballots are decrypted: 3 counted, 1 spoiled')
    const [audited] = await db
      .from('audit_logs')
      .where('action', 'trustees.decrypted')
      .where('subject_id', String(fx.campaign.id))
    assert.equal(audited.actor_type, 'staff')
    assert.equal(audited.actor_id, admin.id)

    const after = await client
      .get(`/staff/campaigns/${fx.campaign.id}/trustees`)
      .accept('json')
      .withGuard('staff')
      .loginAs(admin)
    assert.include(after.body().decryption, { decrypted: true, counted: 3, spoiled: 1 })
    // A second run changes nothing (and says so the same way).
    const again = await decrypt(client, fx.campaign.id, admin)
    again.assertStatus(200)
    assert.lengthOf(await db.from('audit_logs').where('action', 'trustees.decrypted'), 1)
  })

  test('before the close: no progress shown and "Decrypt now" refused', async ({
    client,
    assert,
  }) => {
    const fx = await campaign('voting')
    const admin = await makeStaff('admin', fx.campaign.communityId)
    const screen = await client
      .get(`/staff/campaigns/${fx.campaign.id}/trustees`)
      .accept('json')
      .withGuard('staff')
      .loginAs(admin)
    assert.isNull(screen.body().decryption)
    const refused = await decrypt(client, fx.campaign.id, admin).header('Accept-Language', 'en')
    refused.assertStatus(409)
    assert.equal(refused.body().error, 'not_closed')
    assert.include(refused.body().message, 'after the voting has closed')
  })
})
