import { test } from '@japa/runner'
import { existsSync } from 'node:fs'
import db from '@adonisjs/lucid/services/db'
import { unlockKeyFile } from '@civic-budget/protocol/trustee'
import { decodeLedgerTx } from '@civic-budget/protocol/tx_decode'
import app from '@adonisjs/core/services/app'
import { projectBlocks } from '#ledger/projection/projector'
import { auditCampaign } from '#outcomes/audit/audit'
import { settleOutbox } from '#ledger/outbox/settle'
import { settleCombinations } from '#trustees/decryption/combine'
import { campaignEncryption } from '#trustees/encryption'
import { seedDemoEncryptedCampaign } from '#trustees/demo/demo_campaign'
import { settleDemoDecryptions } from '#trustees/demo/demo_decryption'
import { demoTrusteesOf, DEMO_TRUSTEE_PASSPHRASE } from '#trustees/demo/demo_keys'
import { makeCity, makeStaff } from '#tests/helpers/campaigns'
import { resident } from '#tests/helpers/proposals'
import { postBallot, replicaTally } from '#tests/helpers/ballots'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import { resetReadModels } from '#tests/helpers/ledger'
import { honestEncryptedBallot, voterCeremony } from '#tests/helpers/decryption/encrypted_campaign'

/*
| Issue #14's demo on a real 4-replica cluster: the seeder's encrypted campaign (three demo trustees,
| 2 of 3, their ceremony played through the trustee actions) opens voting with the election key the
| replicas recompute; residents vote; the staff screen's demo button closes voting early (a
| voting-closed record) and two demo trustees decrypt; the outcome is published from the decrypted
| ballots. The button is refused for other campaigns and other roles.
*/
test.group('Trustees · the demo encrypted campaign (real replicas)', (group) => {
  const cluster = withLedgerCluster(group)
  group.teardown(() => resetReadModels())
  // Registered last, so its cleanup runs first: background work ends inside the test.
  group.each.setup(() => async () => {
    await settleDemoDecryptions()
    await settleCombinations()
  })

  test('seeded in voting, voted, closed early by the demo button, decrypted by 2 of 3', async ({
    client,
    assert,
  }) => {
    const { city } = await makeCity()
    await resident(null) // the demo ideas' author
    await db.from('campaigns').where('slug', 'old-town-sealed-vote').delete()
    const campaign = await seedDemoEncryptedCampaign(city.id)
    if (!campaign) throw new Error('not seeded')
    assert.isNull(await seedDemoEncryptedCampaign(city.id), 'seeded once')
    await campaign.refresh()
    assert.equal(campaign.stage, 'voting')

    // The replicas registered the campaign with the election key of the demo ceremony.
    const encryption = await campaignEncryption(campaign.id)
    if (!encryption.encrypted || !encryption.complete) throw new Error('ceremony not complete')
    const rows = await db.from('ledger_outbox').where('kind', 'campaign').orderBy('id', 'desc')
    const mine = rows.find((r) => {
      const tx = decodeLedgerTx(new Uint8Array(r.payload))
      return tx.kind === 'campaign' && tx.campaign.id === campaign.id
    })
    assert.equal(mine?.status, 'committed')
    // The demo key files are real ones: the published passphrase opens each.
    const demo = await demoTrusteesOf(campaign.id)
    assert.lengthOf(demo!.trustees, 3)
    assert.equal(demo!.passphrase, DEMO_TRUSTEE_PASSPHRASE)
    for (const trustee of demo!.trustees) await unlockKeyFile(trustee.keyFile, demo!.passphrase)
    assert.isTrue(
      existsSync(app.makePath('storage', 'demo_trustees', `campaign-${campaign.id}.json`))
    )

    const projects = await db
      .from('projects')
      .where('campaign_id', campaign.id)
      .orderBy('position')
      .select('id')
    const ids = projects.map((p) => Number(p.id))
    const ceremony = voterCeremony(campaign.id, encryption)
    const picks = [[ids[0]], [ids[0], ids[1]], [ids[3]]]
    for (const pick of picks) {
      const choices = pick.map((projectId) => ({ projectId, weight: 1 }))
      const ballot = await honestEncryptedBallot(ceremony, choices)
      const cast = await postBallot(client, campaign.id, ballot.body)
      cast.assertStatus(200)
    }
    await settleOutbox({ timeoutMs: 30_000 })
    await projectBlocks()

    // Other roles and other campaigns: no demo button.
    const observer = await makeStaff('observer', city.id)
    const admin = await makeStaff('admin', city.id)
    const press = (user: typeof admin, id = campaign.id) =>
      client
        .post(`/staff/campaigns/${id}/trustees/demo-decrypt`)
        .accept('json')
        .withCsrfToken()
        .withGuard('staff')
        .loginAs(user)
        .redirects(0)
    const refused = await press(observer)
    refused.assertStatus(403)
    const screen = await client
      .get(`/staff/campaigns/${campaign.id}/trustees`)
      .withInertia()
      .withGuard('staff')
      .loginAs(admin)
    assert.isTrue(screen.inertiaProps.demoTrustees)

    const pressed = await press(admin)
    pressed.assertStatus(200)
    assert.match(pressed.body().message, /demo trustees decrypt/)
    await settleDemoDecryptions()
    await settleCombinations()

    await campaign.refresh()
    assert.equal(campaign.stage, 'results')
    const closing = await db.from('ledger_outbox').where('kind', 'voting-closed')
    assert.isTrue(closing.some((r) => r.status === 'committed'))
    // Two of three demo trustees shared; the third was not needed.
    const batches = await db
      .from('decryption_batches')
      .where('campaign_id', campaign.id)
      .select('trustee_index', 'valid')
    assert.sameMembers(
      batches.map((b) => b.trustee_index),
      [1, 2]
    )
    const decrypted = await db
      .from('campaign_decryptions')
      .where('campaign_id', campaign.id)
      .first()
    assert.exists(decrypted)
    const tallies = await db
      .from('tally_projects')
      .where('campaign_id', campaign.id)
      .select('project_id', 'votes')
    const votes = Object.fromEntries(tallies.map((r) => [Number(r.project_id), Number(r.votes)]))
    assert.equal(votes[ids[0]], 2)
    assert.equal(votes[ids[1]], 1)
    assert.equal(votes[ids[3]], 1)
    const outcome = await db.from('campaign_outcomes').where('campaign_id', campaign.id).first()
    assert.exists(outcome, 'the outcome is published after the decryption')
    // A campaign closed early: the audit still reproduces it from the replicas' data alone.
    const settled = await settleOutbox()
    assert.deepEqual(settled, { settled: true, rejected: 0 })
    const report = await auditCampaign({
      campaignId: campaign.id,
      replicaUrl: cluster().url(2),
      genesis: cluster().genesis,
      db: null,
    })
    assert.deepEqual(report.differences, [])
    assert.isTrue(report.ok, report.lines.join('\n'))
    for (const url of cluster().urls) {
      const tally = (await replicaTally(url, campaign.id)) as unknown as {
        encryptedBallots: number
      }
      assert.equal(tally.encryptedBallots, picks.length)
    }
    // Done: the button is gone, and pressing again is refused.
    const after = await client
      .get(`/staff/campaigns/${campaign.id}/trustees`)
      .withInertia()
      .withGuard('staff')
      .loginAs(admin)
    assert.isFalse(after.inertiaProps.demoTrustees)
    const again = await press(admin)
    again.assertStatus(409)
    assert.equal(again.body().error, 'already_decrypted')
    const elsewhere = await press(admin, campaign.id + 100_000)
    elsewhere.assertStatus(404)
  }).timeout(240_000)
})
