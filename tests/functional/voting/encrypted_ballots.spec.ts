import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { bytesToBase64, verifyReceipt, type Receipt } from '@civic-budget/protocol'
import { projectBlocks } from '#ledger/projection/projector'
import { resetReadModels } from '#tests/helpers/ledger'
import { dumpDatabase } from '#tests/helpers/linkage/observations'
import { scriptedChain } from '#tests/helpers/voting/scripted_chain'
import { TestLedgerCluster } from '#tests/helpers/ledger_cluster'
import {
  ballotRows,
  postBallot as post,
  replicaTally,
  replicaTxStatus,
  stopClusterIntake,
  useClusterIntake,
  votingCampaign,
} from '#tests/helpers/ballots'
import {
  clearForms,
  decryptStored,
  encryptedBallotFrom,
  encryptedVotingCampaign,
  honestClearBallot,
  honestEncryptedBallot,
} from '#tests/helpers/decryption/encrypted_campaign'
import { withDebugLog } from '#tests/helpers/debug_log'

/*
| Encrypted ballots (ballot v2, issue #14) at the intake, against a real 4-replica `pb` cluster:
| every check the app makes before the ledger — the campaign's ballot version, padded length,
| proof (a ciphertext copied under another voter key), signature and credential — with clear,
| localized JSON refusals that store and send nothing.
|
| The first test goes through the replicas' own checks of an encrypted campaign: the ceremony's
| records reach the ledger before the campaign tx (which the replicas accept only when its election
| key is the one they recompute), and the v2 ballot is committed and counted without choices.
*/
const choicesOf = (projects: { id: number }[], picks: number[]) =>
  picks.map((i) => ({ projectId: projects[i].id, weight: 1 }))

/** Every table cell (as text; bytes as hex) and log line containing one of `needles`. */
function findings(cells: string[], needles: string[]) {
  return cells.filter((cell) => needles.some((needle) => cell.includes(needle)))
}

test.group('Encrypted ballots at the intake (real replicas)', (group) => {
  let cluster: TestLedgerCluster

  group.setup(async () => {
    cluster = await TestLedgerCluster.start()
    return () => stopClusterIntake(cluster)
  })
  group.each.setup(() => useClusterIntake(cluster))

  test('a valid v2 ballot is committed on every replica with a receipt that verifies; the replicas count it without choices', async ({
    client,
    assert,
  }) => {
    const { campaign, projects, ceremony } = await encryptedVotingCampaign(3)
    const ballot = await honestEncryptedBallot(ceremony, choicesOf(projects, [0, 2]))
    const response = await post(client, campaign.id, ballot.body)
    response.assertStatus(200)
    const receipt = response.body().receipt as Receipt
    assert.equal(receipt.ballotHash, ballot.ballotHash)
    const check = verifyReceipt(receipt, cluster.genesis)
    assert.isTrue(check.ok, JSON.stringify(check))
    for (const url of cluster.urls) {
      assert.equal(await replicaTxStatus(url, ballot.txHash), 'committed', url)
      const tally = (await replicaTally(url, campaign.id)) as {
        ballots: number
        encryptedBallots: number
        projects: { votes: number }[]
      }
      assert.equal(tally.ballots, 1, url)
      assert.equal(tally.encryptedBallots, 1, url)
      assert.isTrue(
        tally.projects.every((p) => p.votes === 0),
        'no per-project count exists'
      )
    }
    const [row] = await ballotRows(campaign.id)
    assert.equal(row.status, 'committed')
  }).timeout(90_000)

  test('a ciphertext copied under another voter key is refused invalid_proof; nothing stored or sent', async ({
    client,
    assert,
  }) => {
    const { campaign, projects, ceremony } = await encryptedVotingCampaign(3)
    const original = await honestEncryptedBallot(ceremony, choicesOf(projects, [1]))
    // The copier has a valid credential and signs with their own key: only the proof binds the
    // ciphertext to the voter key it was made for.
    const copier = await honestEncryptedBallot(ceremony, choicesOf(projects, [0]))
    const copied = encryptedBallotFrom(
      ceremony,
      original.choices,
      copier.voter,
      copier.credential,
      original.encrypted
    )
    const response = await post(client, campaign.id, copied.body)
    response.assertStatus(422)
    assert.equal(response.body().error, 'invalid_proof', JSON.stringify(response.body()))
    assert.lengthOf(await ballotRows(campaign.id), 0)
    assert.equal(await replicaTxStatus(cluster.url(0), copied.txHash), 'unknown')

    // The same copy in Russian: the message is localized, the code is the same.
    const ru = await post(client, campaign.id, copied.body, { 'accept-language': 'ru' })
    ru.assertStatus(422)
    assert.equal(ru.body().error, 'invalid_proof')
    assert.match(ru.body().message, /[а-я]/)
  }).timeout(90_000)

  test('v1 in an encrypted campaign, v2 in a clear one, a wrong length, an unfinished ceremony: refused, nothing stored', async ({
    client,
    assert,
  }) => {
    const encrypted = await encryptedVotingCampaign(3)
    const clear = await honestClearBallot(encrypted.campaign.id, choicesOf(encrypted.projects, [0]))
    const v1 = await post(client, encrypted.campaign.id, clear.body)
    v1.assertStatus(422)
    assert.equal(v1.body().error, 'encrypted_campaign', JSON.stringify(v1.body()))

    // A ciphertext one byte short of the campaign's padded length (re-signed: only the length is wrong).
    const honest = await honestEncryptedBallot(
      encrypted.ceremony,
      choicesOf(encrypted.projects, [0])
    )
    const short = encryptedBallotFrom(
      encrypted.ceremony,
      honest.choices,
      honest.voter,
      honest.credential,
      { ...honest.encrypted, ciphertext: honest.encrypted.ciphertext.slice(1) }
    )
    const wrongLength = await post(client, encrypted.campaign.id, short.body)
    wrongLength.assertStatus(422)
    assert.equal(wrongLength.body().error, 'wrong_length', JSON.stringify(wrongLength.body()))
    assert.equal(wrongLength.body().details.expected, encrypted.ceremony.context.paddedLength + 16)

    // A forged signature over a good v2 ballot: the verify pool refuses it as for v1.
    const badSignature = new Uint8Array(honest.signature)
    badSignature[3] ^= 1
    const forged = await post(client, encrypted.campaign.id, {
      ballot: honest.body.ballot,
      signature: bytesToBase64(badSignature),
    })
    forged.assertStatus(422)
    assert.equal(forged.body().error, 'invalid_signature')
    assert.lengthOf(await ballotRows(encrypted.campaign.id), 0)

    // A v2 ballot (made for this clear campaign's id) in a campaign without a ceremony.
    const plain = await votingCampaign(2)
    const ceremonyOfPlain = { ...encrypted.ceremony, campaignId: plain.campaign.id }
    ceremonyOfPlain.context = { ...encrypted.ceremony.context, campaignId: plain.campaign.id }
    const v2 = await honestEncryptedBallot(ceremonyOfPlain, choicesOf(plain.projects, [1]))
    const refused = await post(client, plain.campaign.id, v2.body, { 'accept-language': 'uk' })
    refused.assertStatus(422)
    assert.equal(refused.body().error, 'not_encrypted_campaign', JSON.stringify(refused.body()))
    assert.match(refused.body().message, /[а-яії]/)
    assert.lengthOf(await ballotRows(plain.campaign.id), 0)
    const ceremonies = await db.from('campaign_ceremonies').where('campaign_id', plain.campaign.id)
    assert.lengthOf(ceremonies, 0)

    // An encrypted campaign whose ceremony is not complete takes no ballot at all (voting cannot
    // really be open then): 409 voting_closed naming the ceremony's state.
    const unfinished = await votingCampaign(2)
    const now = new Date()
    await db.table('campaign_ceremonies').insert({
      campaign_id: unfinished.campaign.id,
      threshold: 2,
      trustees: 3,
      status: 'dealing',
      created_at: now,
      updated_at: now,
    })
    const early = await honestClearBallot(
      unfinished.campaign.id,
      choicesOf(unfinished.projects, [0])
    )
    const closed = await post(client, unfinished.campaign.id, early.body)
    closed.assertStatus(409)
    assert.equal(closed.body().error, 'voting_closed')
    assert.deepEqual(closed.body().details, { ceremony: 'dealing' })
    assert.lengthOf(await ballotRows(unfinished.campaign.id), 0)
  }).timeout(90_000)

  test('only ciphertext: no table, column or log line holds any ballot choices; results sealed', async ({
    client,
    assert,
  }) => {
    const scratch = mkdtempSync(join(tmpdir(), 'cb-only-ciphertext-'))
    const chain = await scriptedChain()
    try {
      await resetReadModels()
      const { campaign, projects, ceremony } = await encryptedVotingCampaign(4)
      const picks = [
        [0, 1],
        [1, 2, 3],
        [0, 3],
      ]
      const logFile = join(scratch, 'app.log')
      const ballots = await withDebugLog(logFile, async () => {
        const cast = []
        for (const pick of picks) {
          const ballot = await honestEncryptedBallot(ceremony, choicesOf(projects, pick))
          await post(client, campaign.id, ballot.body)
          cast.push(ballot)
        }
        // Refused ones too: a copied ciphertext and a v1 ballot (its choices are in its own bytes).
        const copier = await honestEncryptedBallot(ceremony, choicesOf(projects, [2]))
        const copied = encryptedBallotFrom(
          ceremony,
          cast[0].choices,
          copier.voter,
          copier.credential,
          cast[0].encrypted
        )
        const refused = await post(client, campaign.id, copied.body)
        refused.assertStatus(422)
        return cast
      })
      // Every ballot is stored by the intake (its tx), and committed ones are projected.
      const rows = await ballotRows(campaign.id)
      assert.sameMembers(
        rows.map((r) => r.ballot_hash),
        ballots.map((b) => b.ballotHash)
      )
      chain.serve([
        {
          txs: ballots.map((b) => b.tx),
          timestampMs: Date.now() - 1_000,
        },
      ])
      await projectBlocks({ client: chain.client })
      const stored = await db
        .from('encrypted_ballots')
        .where('campaign_id', campaign.id)
        .orderBy('position')
      assert.lengthOf(stored, 3)
      stored.forEach((row, i) => {
        // What is stored opens (with t trustees' shares) to exactly these choices…
        assert.deepEqual(decryptStored(ceremony, new Uint8Array(row.ballot_bytes)), {
          ok: true,
          choices: ballots[i].choices,
        })
      })

      // …and those choices appear nowhere in clear: not in any cell, not in any log line.
      const tables = await dumpDatabase()
      const cells = tables.flatMap((t) =>
        t.rows.flatMap((r) => r.map((c) => (c === null ? '' : String(c))))
      )
      const logLines = readFileSync(logFile, 'utf8').split('\n')
      const needles = ballots.flatMap((b) => clearForms(ceremony, b.choices))
      const names = tables.map((t) => t.name)
      assert.includeMembers(names, [
        'ballots',
        'encrypted_ballots',
        'ballot_records',
        'ledger_outbox',
      ])
      assert.deepEqual(findings(cells, needles), [])
      assert.deepEqual(findings(logLines, needles), [])
      // Positive control: the same scan finds a padded plaintext where there is one.
      assert.lengthOf(findings([...cells, `x${needles[0]}x`], needles), 1)

      const results = await client.get(`/api/v1/campaigns/${campaign.id}/results`)
      results.assertStatus(200)
      assert.include(results.body(), { sealed: true, ballots: 3 })
      assert.deepEqual(results.body().projects, [])
      assert.deepEqual(results.body().pots, [])
    } finally {
      await chain.stop()
      await resetReadModels()
      rmSync(scratch, { recursive: true, force: true })
    }
  }).timeout(120_000)
})
