import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import {
  findBallot,
  insertPending,
  markCommitted,
  markRejected,
  type BallotStatus,
} from '#voting/intake/ballot_store'
import { makeCampaign, makeCity } from '#tests/helpers/campaigns'

/* The intake's verdict writes: one statement per batch, each row keeping its own guard. */
const hex = () => randomBytes(32).toString('hex')

async function rows(campaignId: number, statuses: BallotStatus[]): Promise<string[]> {
  const ballots = statuses.map(() => ({
    ballotHash: hex(),
    campaignId,
    voterKey: hex(),
    txHash: hex(),
    tx: randomBytes(40),
    channel: 'online' as const,
    terminalId: null,
  }))
  await insertPending(ballots)
  for (const [i, status] of statuses.entries()) {
    if (status === 'pending') continue
    await db
      .from('ballots')
      .where('ballot_hash', ballots[i].ballotHash)
      .update({
        status,
        height: status === 'committed' ? 7 : null,
        receipt: status === 'committed' ? JSON.stringify({ first: true }) : null,
        reason: status === 'rejected' ? 'duplicate_voter' : null,
      })
  }
  return ballots.map((b) => b.ballotHash)
}

test.group('Ballot intake / ballot store', (group) => {
  let campaignId: number
  group.setup(async () => {
    const { city } = await makeCity()
    const campaign = await makeCampaign(city.id)
    campaignId = campaign.id
  })

  test('markCommitted: pending and rejected rows commit in one batch; a committed row keeps its receipt', async ({
    assert,
  }) => {
    const [pending, rejected, committed] = await rows(campaignId, [
      'pending',
      'rejected',
      'committed',
    ])
    const receipt = (n: number) => ({
      blockHash: 'ab'.repeat(32),
      leafIndex: n,
      note: `it's "${n}"`,
    })
    await markCommitted([
      { ballotHash: pending, height: 12, receipt: receipt(0) },
      { ballotHash: rejected, height: 12, receipt: receipt(1) },
      { ballotHash: committed, height: 13, receipt: receipt(2) },
      { ballotHash: hex(), height: 12, receipt: receipt(3) },
    ])
    const a = (await findBallot(pending))!
    assert.deepInclude(a, { status: 'committed', height: 12, reason: null, receipt: receipt(0) })
    const b = (await findBallot(rejected))!
    assert.deepInclude(b, { status: 'committed', height: 12, reason: null, receipt: receipt(1) })
    const c = (await findBallot(committed))!
    assert.deepInclude(c, { status: 'committed', height: 7, receipt: { first: true } })
  })

  test('markRejected: only pending rows are rejected, reasons capped at 500 characters', async ({
    assert,
  }) => {
    const [pending, other, committed, rejected] = await rows(campaignId, [
      'pending',
      'pending',
      'committed',
      'rejected',
    ])
    await markRejected([
      { ballotHash: pending, reason: 'x'.repeat(600) },
      { ballotHash: other, reason: 'rule_violation: {"pot": 1}, \\ "quoted"' },
      { ballotHash: committed, reason: 'voting_closed' },
      { ballotHash: rejected, reason: 'voting_closed' },
    ])
    assert.deepInclude(await findBallot(pending), { status: 'rejected', reason: 'x'.repeat(500) })
    assert.deepInclude(await findBallot(other), {
      status: 'rejected',
      reason: 'rule_violation: {"pot": 1}, \\ "quoted"',
    })
    assert.deepInclude(await findBallot(committed), { status: 'committed', reason: null })
    assert.deepInclude(await findBallot(rejected), {
      status: 'rejected',
      reason: 'duplicate_voter',
    })
  })
})
