import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ledgerClient } from '#ledger/ledger'
import { flushOutbox } from '#ledger/outbox/outbox'
import changeStage from '#campaigns/actions/change_stage'
import { signWithRegistrar } from '#voting/registrar'
import { blind, unblind } from '#voting/protocol/credential'
import { ballotTx, encodeBallot, generateVoterKey, signBallot } from '#voting/protocol/ballot'
import { auditCampaign } from '#outcomes/audit/audit'
import { tallyChoices } from '#outcomes/platform/tally_hash'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import { openVoting, reviewCampaignWithProjects } from '#tests/helpers/ledger'

/** A real vote: voter key, blind credential from the campaign's registrar, signed ballot tx. */
async function vote(campaignId: number, projectIds: number[], key = generateVoterKey()) {
  const { blinded, r } = blind(campaignId, key.publicKey)
  const credential = unblind(await signWithRegistrar(campaignId, blinded), r)
  const choices = projectIds.map((projectId) => ({ projectId, weight: 1 }))
  const ballotBytes = encodeBallot({ campaignId, choices, voterKey: key.publicKey, credential })
  return { key, tx: ballotTx(ballotBytes, signBallot(key.secretKey, ballotBytes)), choices }
}

/** `node ace ledger:audit` as an observer's shell runs it: exit code and output. */
async function runAuditCommand(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', ['ace', 'ledger:audit', ...args], {
      env: { ...process.env, NODE_ENV: 'test' },
    })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, output: e.stdout + e.stderr }
  }
}

/*
| Against a real 4-replica cluster: ballots committed, the projection simulated by inserting the
| matching ballot_records / tally_projects rows, results entered (outcome computed and stored);
| the audit passes — and fails, naming the project, once one tally row is altered.
*/
test.group('Outcomes · ledger audit replay against real replicas', (group) => {
  const cluster = withLedgerCluster(group)

  test('the audit recomputes the published tallies and outcome, and detects an altered tally', async ({
    assert,
  }) => {
    const { campaign, admin, projects } = await reviewCampaignWithProjects(3)
    const ids = projects.map((p) => p.id)
    await openVoting(campaign.id, admin.id)
    const flushed = await flushOutbox({ commitWaitMs: 20_000 })
    assert.equal(flushed.committed, 1, JSON.stringify(flushed))

    const client = ledgerClient()
    const votes = [
      await vote(campaign.id, [ids[0], ids[1]]),
      await vote(campaign.id, [ids[0]]),
      await vote(campaign.id, [ids[0], ids[2]]),
      await vote(campaign.id, [ids[1]]),
    ]
    // A second ballot with the first voter's key: the replicas refuse it; the audit does not count it.
    const duplicate = await vote(campaign.id, [ids[2]], votes[0].key)
    for (const v of votes) {
      const submitted = await client.submit(v.tx)
      assert.equal(submitted.outcome, 'accepted', JSON.stringify(submitted))
    }
    for (const v of votes) {
      const again = await client.submit(v.tx)
      const status = await client.awaitCommit(again.txHash, 20_000)
      assert.equal(status.status, 'committed', JSON.stringify(status))
    }
    await client.submit(duplicate.tx)

    // The projection, simulated: what it would write for these ballots.
    const choiceSets = votes.map((v) =>
      v.choices.map((c) => [c.projectId, c.weight] as [number, number])
    )
    for (const [n, choices] of choiceSets.entries()) {
      await db.table('ballot_records').insert({
        campaign_id: campaign.id,
        ref: `audit-test:${campaign.id}:${n}`,
        channel: 'online',
        choices: JSON.stringify(choices),
      })
    }
    for (const t of tallyChoices(ids, choiceSets)) {
      await db.table('tally_projects').insert({
        campaign_id: campaign.id,
        project_id: t.projectId,
        channel: 'online',
        votes: t.votes,
        points: t.points,
      })
    }
    const moved = await changeStage({ type: 'staff', id: admin.id }, campaign.id, {
      from: 'voting',
      to: 'results',
    })
    assert.equal(moved.outcome, 'ok')

    const options = {
      campaignId: campaign.id,
      replicaUrl: cluster().url(2),
      genesis: cluster().genesis,
      db: db.connection(),
    }
    const passed = await auditCampaign(options)
    assert.deepEqual(passed.differences, [])
    assert.isTrue(passed.ok)
    assert.isTrue(
      passed.lines.some((l) => l.includes('4 ballots counted')),
      passed.lines.join('\n')
    )

    // The observer's way, without the database: tallies and the rule from the command line.
    const ledgerOnly = await auditCampaign({ ...options, db: null, rule: 'greedy' })
    assert.isTrue(ledgerOnly.ok, ledgerOnly.differences.join('\n'))

    const args = [
      '--campaign',
      String(campaign.id),
      '--replica',
      cluster().url(1),
      '--genesis',
      cluster().genesisPath,
    ]
    const command = await runAuditCommand(args)
    assert.equal(command.code, 0, command.output)

    // One altered tally row → the audit fails and names the project.
    await db
      .from('tally_projects')
      .where({ campaign_id: campaign.id, project_id: ids[1], channel: 'online' })
      .update({ votes: 7 })
    const failed = await auditCampaign(options)
    assert.isFalse(failed.ok)
    assert.isTrue(
      failed.differences.some(
        (d) => d.startsWith(`project ${ids[1]}:`) && d.includes('published 7')
      ),
      failed.differences.join('\n')
    )
    const failedCommand = await runAuditCommand(args)
    assert.equal(failedCommand.code, 1, failedCommand.output)
    assert.include(failedCommand.output, `DIFFERENCE project ${ids[1]}:`)
  }).timeout(120_000)
})
