import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ace from '@adonisjs/core/services/ace'
import db from '@adonisjs/lucid/services/db'
import { encodeDecryptionShareBatch } from '@civic-budget/protocol/decryption'
import { configureLedger } from '#ledger/ledger'
import { tallyChoices, tallyHash } from '#outcomes/platform/tally_hash'
import { combineCampaign, settleCombinations } from '#trustees/decryption/combine'
import TrusteesDecrypt from '#trustees/decryption/commands/trustees_decrypt'
import { encryptedBallotVerdict } from '#trustees/decryption/decryption_status'
import { receiveShares } from '#trustees/decryption/share_intake'
import { trusteeByToken } from '#trustees/trustee_token'
import { clearOutbox } from '#tests/helpers/ledger'
import {
  encryptedCampaign,
  type EncryptedCampaign,
} from '#tests/helpers/decryption/encrypted_campaign'
import { trusteeBatches } from '#tests/helpers/decryption/election'

/*
| The combination (`combineCampaign`, behind `node ace trustees:decrypt` and the automatic run): the
| decrypted ballots land in the clear read models so the outcome is computed as for a clear campaign,
| a rule-breaking ballot is spoiled with its reason and not counted, fewer than t trustees decrypt
| nothing, and a second run changes nothing.
*/
const ADMIN_KEY = '33'.repeat(32)

/** Ballots by project index: [0], [0, 1], [2], [0, 1], [0, 1, 2] (the last breaks "at most 2"). */
const BALLOTS = [[0], [0, 1], [2], [0, 1], [0, 1, 2]]

async function campaignWithShares(trustees: number[]): Promise<EncryptedCampaign> {
  const fx = await encryptedCampaign({
    threshold: 2,
    trustees: 3,
    projects: 3,
    choices: (ids) => BALLOTS.map((b) => b.map((i) => ({ projectId: ids[i], weight: 1 }))),
  })
  for (const index of trustees) {
    const trustee = await trusteeByToken(fx.tokens[index - 1])
    if (!trustee) throw new Error(`no trustee ${index}`)
    const [batch] = trusteeBatches(fx.election, index)
    const result = await receiveShares(trustee, encodeDecryptionShareBatch(batch), null)
    if (!result.ok || result.verdict !== 'valid') throw new Error(JSON.stringify(result))
  }
  return fx
}

/** Everything the combination writes, for before/after comparisons. */
async function written(campaignId: number) {
  const rows = (table: string, order: string) =>
    db.from(table).where('campaign_id', campaignId).orderBy(order)
  const ballots = await rows('ballot_records', 'ref')
  const projects = await rows('tally_projects', 'project_id')
  const pots = await rows('tally_pots', 'pot_id')
  const spoiled = await rows('spoiled_ballots', 'position')
  const decryptions = await rows('campaign_decryptions', 'campaign_id')
  const outcomes = await rows('campaign_outcomes', 'campaign_id')
  return {
    ballots: ballots.map((r) => [r.ref, r.channel, r.choices]),
    projects: projects.map((r) => [r.project_id, r.votes, Number(r.points)]),
    pots: pots.map((r) => [r.pot_id, r.ballots]),
    spoiled: spoiled.map((r) => [r.position, r.reason]),
    decryptions: decryptions.length,
    outcome: outcomes.map((r) => [r.tally_hash, r.pots]),
    outboxOutcomes: await outcomeRecordsQueued(),
  }
}

async function outcomeRecordsQueued(): Promise<number> {
  const [row] = await db.from('ledger_outbox').where('kind', 'outcome').count('* as n')
  return Number(row.n)
}

test.group('Decryption · combination', (group) => {
  group.each.setup(async () => {
    configureLedger({ adminSecretKeyHex: ADMIN_KEY })
    await clearOutbox()
    return testUtils.db().withGlobalTransaction()
  })
  group.teardown(() => configureLedger({}))
  group.each.timeout(60_000)

  // Registered last, so its cleanup runs first: a combination the test's shares started in the
  // background finishes inside the test's own database state.
  group.each.setup(() => () => settleCombinations())

  test('exactly t trustees: the ballots are decrypted into the clear read models and the outcome is published', async ({
    assert,
  }) => {
    const fx = await campaignWithShares([3, 1])
    const [a, b, c] = fx.projectIds
    const result = await combineCampaign(fx.campaign.id)
    assert.deepEqual(result, {
      status: 'combined',
      ballots: 5,
      counted: 4,
      spoiled: 1,
      added: 6, // 4 ballots, 1 spoiled, the campaign's decryption row
      outcome: 'published',
    })
    const state = await written(fx.campaign.id)
    assert.sameDeepMembers(
      state.ballots,
      [0, 1, 2, 3].map((k) => [
        fx.election.ballotHashes[k],
        'online',
        BALLOTS[k].map((i) => [fx.projectIds[i], 1]),
      ])
    )
    assert.deepEqual(state.projects, [
      [a, 3, 3],
      [b, 2, 2],
      [c, 1, 1],
    ])
    assert.deepEqual(state.pots, [[fx.election.shape.pots[0].id, 4]])
    assert.deepEqual(state.spoiled, [
      [4, `rule_violation: pot ${fx.election.shape.pots[0].id}: too_many (max 2, actual 3)`],
    ])
    const expectedHash = tallyHash(
      fx.campaign.id,
      tallyChoices(
        fx.projectIds,
        BALLOTS.slice(0, 4).map((ballot) => ballot.map((i) => [fx.projectIds[i], 1] as const))
      )
    )
    assert.equal(state.outcome[0][0], expectedHash)
    assert.equal(state.outboxOutcomes, 1)
    assert.deepEqual(await encryptedBallotVerdict(fx.election.ballotHashes[1]), {
      status: 'counted',
    })
    assert.deepEqual(await encryptedBallotVerdict(fx.election.ballotHashes[4]), {
      status: 'spoiled',
      reason: state.spoiled[0][1],
    })
  })

  test('more than 1,024 ballots: two canonical batches per trustee, every ballot decrypted and tallied', async ({
    assert,
  }) => {
    const total = 1030
    const fx = await encryptedCampaign({
      threshold: 2,
      trustees: 2,
      projects: 3,
      choices: (ids) =>
        Array.from({ length: total }, (_, k) => [{ projectId: ids[k % 3], weight: 1 }]),
    })
    for (const index of [1, 2]) {
      const trustee = await trusteeByToken(fx.tokens[index - 1])
      if (!trustee) throw new Error(`no trustee ${index}`)
      const batches = trusteeBatches(fx.election, index)
      assert.deepEqual(
        batches.map((b) => [b.first, b.shares.length]),
        [
          [0, 1024],
          [1024, 6],
        ]
      )
      for (const batch of batches) {
        const result = await receiveShares(trustee, encodeDecryptionShareBatch(batch), null)
        assert.deepInclude(result, { ok: true, verdict: 'valid' })
      }
    }
    const result = await combineCampaign(fx.campaign.id)
    assert.deepInclude(result, { status: 'combined', ballots: total, counted: total, spoiled: 0 })
    const state = await written(fx.campaign.id)
    assert.lengthOf(state.ballots, total)
    assert.deepEqual(
      state.projects.map(([, votes]) => votes),
      [344, 343, 343]
    )
  })

  test('a second run changes nothing', async ({ assert }) => {
    const fx = await campaignWithShares([1, 2, 3])
    await combineCampaign(fx.campaign.id)
    const before = await written(fx.campaign.id)
    const again = await combineCampaign(fx.campaign.id)
    assert.deepInclude(again, { status: 'combined', added: 0, outcome: 'unchanged' })
    assert.deepEqual(await written(fx.campaign.id), before)
  })

  test('node ace trustees:decrypt: exit 1 while shares are missing, 0 once combined, 2 on a bad id', async ({
    assert,
  }) => {
    const fx = await campaignWithShares([1])
    const run = async (...args: string[]) => {
      const command = await ace.create(TrusteesDecrypt, args)
      await command.exec()
      return command.exitCode
    }
    assert.equal(await run(String(fx.campaign.id)), 1)
    assert.deepInclude(await written(fx.campaign.id), { ballots: [], decryptions: 0 })
    const trustee = await trusteeByToken(fx.tokens[1])
    if (!trustee) throw new Error('no trustee 2')
    const [batch] = trusteeBatches(fx.election, 2)
    await receiveShares(trustee, encodeDecryptionShareBatch(batch), null)
    assert.equal(await run(String(fx.campaign.id)), 0)
    const state = await written(fx.campaign.id)
    assert.lengthOf(state.ballots, 4)
    assert.equal(await run('x1'), 2)
  })

  test('t − 1 trustees: nothing is decrypted and nothing written', async ({ assert }) => {
    const fx = await campaignWithShares([2])
    const result = await combineCampaign(fx.campaign.id)
    assert.deepEqual(result, { status: 'incomplete', ballots: 5, missing: 5 })
    const state = await written(fx.campaign.id)
    assert.deepInclude(state, { ballots: [], projects: [], spoiled: [], decryptions: 0 })
    assert.deepEqual(await encryptedBallotVerdict(fx.election.ballotHashes[0]), {
      status: 'pending',
    })
  })

  test('a ceremony record that no longer matches the campaign tx stops the combination, naming the step', async ({
    assert,
  }) => {
    const fx = await campaignWithShares([1, 2])
    const dealing = await db
      .from('ceremony_records')
      .where({ campaign_id: fx.campaign.id, kind: 'dkg-dealing', trustee_index: 2 })
      .first()
    await db.from('ceremony_records').where('id', dealing.id).delete()
    const result = await combineCampaign(fx.campaign.id)
    assert.equal(result.status, 'failed')
    assert.match(
      result.status === 'failed' ? result.error : '',
      /^ceremony: election key differs from the campaign tx/
    )
    assert.deepInclude(await written(fx.campaign.id), { ballots: [], decryptions: 0 })
  })
})
