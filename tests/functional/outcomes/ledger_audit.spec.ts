import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import db from '@adonisjs/lucid/services/db'
import { ledgerClient } from '#ledger/ledger'
import { flushOutbox } from '#ledger/outbox/outbox'
import { projectBlocks } from '#ledger/projection/projector'
import changeStage from '#campaigns/actions/change_stage'
import { signWithRegistrar } from '#voting/registrar'
import { importPaperBatch } from '#voting/actions/import_paper_batch'
import { blind, unblind } from '@civic-budget/protocol/credential'
import { ballotTx, encodeBallot, generateVoterKey, signBallot } from '@civic-budget/protocol/ballot'
import { auditCampaign } from '#outcomes/audit/audit'
import { replicaTxStatus } from '#tests/helpers/ballots'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import { openVoting, resetReadModels, reviewCampaignWithProjects } from '#tests/helpers/ledger'

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
| Against a real 4-replica cluster: online ballots and one polling station's paper batch (imported
| as staff do) committed, the platform's projection counts them, results entered (outcome computed,
| its record committed); the audit passes counting the paper sheets — and fails, naming the project
| and whether online ballots or paper sheets differ, once published tally rows are altered. An
| outcome selected in descending id order is committed too (the record lists ids ascending) and the
| observer's ledger-only audit agrees with it.
*/
/** A reviewed campaign with three projects, open for voting, its campaign tx committed. */
async function campaignOpenOnLedger(assert: Assert) {
  const { campaign, admin, projects } = await reviewCampaignWithProjects(3)
  await openVoting(campaign.id, admin.id)
  const flushed = await flushOutbox({ commitWaitMs: 20_000 })
  assert.equal(flushed.committed, 1, JSON.stringify(flushed))
  return { campaign, admin, ids: projects.map((p) => p.id), client: ledgerClient() }
}

test.group('Outcomes · ledger audit replay against real replicas', (group) => {
  const cluster = withLedgerCluster(group)
  group.teardown(() => resetReadModels())

  test('the audit counts online ballots and paper sheets, and detects an altered tally', async ({
    assert,
  }) => {
    const { campaign, admin, ids, client } = await campaignOpenOnLedger(assert)
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

    const paper = await importPaperBatch({ type: 'staff', id: admin.id }, campaign.id, {
      station: 'School 5',
      batchNo: 1,
      voterKind: 'none',
      csv: `sheet,projects\n1,${ids[0]} ${ids[1]}\n2,${ids[2]}\n`,
    })
    assert.equal(paper.outcome, 'ok', JSON.stringify(paper))
    const paperFlushed = await flushOutbox({ commitWaitMs: 20_000 })
    assert.equal(paperFlushed.committed, 1, JSON.stringify(paperFlushed))

    // The platform's own projection of the chain: 4 online ballots, 2 paper sheets.
    await resetReadModels()
    const projected = await projectBlocks()
    assert.equal(projected.ballots, 6, JSON.stringify(projected))

    const moved = await changeStage({ type: 'staff', id: admin.id }, campaign.id, {
      from: 'voting',
      to: 'results',
    })
    assert.equal(moved.outcome, 'ok')
    await flushOutbox({ commitWaitMs: 20_000 })
    const record = await db.from('ledger_outbox').where('kind', 'outcome').firstOrFail()
    assert.equal(record.status, 'committed', record.last_error)

    const options = {
      campaignId: campaign.id,
      replicaUrl: cluster().url(2),
      genesis: cluster().genesis,
      db: db.connection(),
    }
    const passed = await auditCampaign(options)
    assert.deepEqual(passed.differences, [])
    assert.isTrue(passed.ok)
    const report = passed.lines.join('\n')
    assert.include(
      report,
      `campaign ${campaign.id}: 6 ballots counted = 4 online ballots + 2 paper sheets (1 of 1 paper batches)`
    )
    assert.match(report, /paper batch "School 5" #1 \(height \d+, 2 sheets\): counted/)
    assert.include(report, `project ${ids[0]}: 4 votes / 4 points (online 3 / 3, paper 1 / 1)`)
    assert.include(report, `project ${ids[2]}: 2 votes / 2 points (online 1 / 1, paper 1 / 1)`)

    // The observer's way, without the database: compared with the outcome record on the ledger.
    const ledgerOnly = await auditCampaign({ ...options, db: null })
    assert.isTrue(ledgerOnly.ok, ledgerOnly.differences.join('\n'))
    assert.isFalse(
      ledgerOnly.lines.some((l) => l.startsWith('no rule known') || l.startsWith('no published')),
      ledgerOnly.lines.join('\n')
    )

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
    assert.include(command.output, '4 online ballots + 2 paper sheets')

    // Altered tally rows, one online and one paper → the audit fails, naming project and source.
    const alter = (projectId: number, channel: string, published: number) =>
      db
        .from('tally_projects')
        .where({ campaign_id: campaign.id, project_id: projectId, channel })
        .update({ votes: published })
    await alter(ids[1], 'online', 7)
    await alter(ids[2], 'paper', 0)
    const failed = await auditCampaign(options)
    assert.isFalse(failed.ok)
    assert.sameMembers(failed.differences, [
      `project ${ids[1]}: online ballots: ledger 2 votes / 2 points, published 7 / 2`,
      `project ${ids[2]}: paper sheets: ledger 1 votes / 1 points, published 0 / 1`,
    ])
    const failedCommand = await runAuditCommand(args)
    assert.equal(failedCommand.code, 1, failedCommand.output)
    assert.include(failedCommand.output, `DIFFERENCE project ${ids[2]}: paper sheets:`)
  }).timeout(120_000)

  test('an outcome selecting a larger id first is committed ascending; the ledger-only audit passes', async ({
    assert,
  }) => {
    const { campaign, admin, ids, client } = await campaignOpenOnLedger(assert)
    // Votes rise with the id: greedy (all three fit the budget) selects ids[2], ids[0], ids[1].
    const votes = [
      await vote(campaign.id, [ids[2], ids[0]]),
      await vote(campaign.id, [ids[2], ids[0]]),
      await vote(campaign.id, [ids[2], ids[1]]),
    ]
    const submitted = []
    for (const v of votes) submitted.push(await client.submit(v.tx))
    for (const { txHash } of submitted) {
      const status = await client.awaitCommit(txHash, 20_000)
      assert.equal(status.status, 'committed', JSON.stringify(status))
    }
    await resetReadModels()
    await projectBlocks()

    const moved = await changeStage({ type: 'staff', id: admin.id }, campaign.id, {
      from: 'voting',
      to: 'results',
    })
    assert.equal(moved.outcome, 'ok')
    const stored = await db
      .from('campaign_outcomes')
      .where('campaign_id', campaign.id)
      .firstOrFail()
    const selection = [ids[2], ids[0], ids[1]]
    assert.deepEqual(
      stored.pots[0].selected.map((s: { projectId: number }) => s.projectId),
      selection
    )
    await flushOutbox({ commitWaitMs: 20_000 })
    const record = await db.from('ledger_outbox').where('kind', 'outcome').firstOrFail()
    assert.equal(record.status, 'committed', record.last_error)
    assert.equal(await replicaTxStatus(cluster().url(3), record.tx_hash), 'committed')

    const options = {
      campaignId: campaign.id,
      replicaUrl: cluster().url(0),
      genesis: cluster().genesis,
      db: null,
    }
    const ledgerOnly = await auditCampaign(options)
    assert.deepEqual(ledgerOnly.differences, [])
    assert.include(
      ledgerOnly.lines,
      `pot ${stored.pots[0].potId} (greedy): selected ${selection.join(', ')}`
    )
    assert.notInclude(ledgerOnly.lines.join('\n'), 'no published outcome')
    const withDb = await auditCampaign({ ...options, db: db.connection() })
    assert.deepEqual(withDb.differences, [])

    const command = await runAuditCommand([
      '--campaign',
      String(campaign.id),
      '--replica',
      cluster().url(1),
      '--genesis',
      cluster().genesisPath,
      '--ledger-only',
      '--rule',
      'greedy',
    ])
    assert.equal(command.code, 0, command.output)
  }).timeout(120_000)
})
