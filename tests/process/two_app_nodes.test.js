/*
| Two app nodes (issue #16 item 3), real processes: two AdonisJS servers on one PostgreSQL and one
| set of four replicas (bench/stack.js `appNodes: 2`), the same campaign voted through both at once.
| Each node runs its own campaign actor; PostgreSQL's one-live-ballot-per-voter index and the
| replicas are the arbiters (app/voting/README.md "Several app nodes"). Voters:
|   - one third send the SAME ballot through both nodes at once → both get the same receipt;
|   - one third send a ballot through one node and a DIFFERENT ballot of the same voter key
|     through the other at once → exactly one is committed, the other refused `duplicate_voter`;
|   - the rest send one ballot through either node.
| Then every receipt's tx is committed on every replica, and each replica's own tally counts one
| ballot per voter, project by project exactly the committed ballots' choices.
*/
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { decodeBallot } from '@civic-budget/protocol/ballot'
import { Stack, vote } from '../../bench/stack.js'
import { reportLeftovers } from '../support/leftovers.js'
import { checkoutTag } from '../support/test_env.js'

const VOTERS = Number(process.env.TWO_NODES_VOTERS ?? 300)
const RATE = 60 // voters/s
const PORT_SHIFT = Number(process.env.VOTING_FAULT_PORT_SHIFT ?? 0)
const DB_SUFFIX = process.env.VOTING_FAULT_DB_SUFFIX ?? `_${checkoutTag()}`

reportLeftovers('two app nodes')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const txHashOf = (receipt) =>
  createHash('sha256').update(Buffer.from(receipt.tx, 'base64')).digest('hex')

/** What each voter sends, and through which node. */
function planOf(i, item) {
  if (i % 3 === 0) return { kind: 'same', sends: [item, item] }
  if (i % 3 === 1) return { kind: 'rival', sends: [item, item.rival] }
  return { kind: 'single', sends: [item] }
}

test('two app nodes, one campaign: one ballot per voter key, every receipt committed, tally exact', async () => {
  const stack = new Stack({
    basePort: 30000 + PORT_SHIFT,
    appPort: 30900 + PORT_SHIFT,
    database: `civic_budget_fault_two_nodes${DB_SUFFIX}`,
    appNodes: 2,
  })
  try {
    await stack.start()
    const campaignId = await stack.votingCampaignOnLedger()
    const before = await tallyOf(stack.replicaUrls()[0], campaignId)
    const items = stack.mintBallots(campaignId, VOTERS, { rivals: true })
    const [nodeA, nodeB] = stack.baseUrls

    const voters = await Promise.all(
      items.map(async (item, i) => {
        await sleep((i * 1000) / RATE)
        const plan = planOf(i, item)
        const nodes = i % 2 === 0 ? [nodeA, nodeB] : [nodeB, nodeA]
        const answers = await Promise.all(
          plan.sends.map((sent, k) => vote(nodes[k], campaignId, sent, { timeoutMs: 120_000 }))
        )
        return { plan, answers }
      })
    )

    const committed = new Map() // ballotHash → {receipt, ballot}
    for (const { plan, answers } of voters) {
      const ok = answers.filter((a) => a.outcome === 'committed')
      if (plan.kind === 'same') {
        assert.equal(ok.length, 2, `the same ballot through both nodes: ${JSON.stringify(answers)}`)
        assert.equal(ok[0].receipt.blockHash, ok[1].receipt.blockHash, 'one tx, one block')
      } else if (plan.kind === 'rival') {
        assert.equal(ok.length, 1, `rival ballots of one key: ${JSON.stringify(answers)}`)
        const loser = answers.find((a) => a.outcome !== 'committed')
        assert.equal(loser.status, 409)
        assert.equal(loser.error, 'duplicate_voter')
      } else {
        assert.equal(ok.length, 1, JSON.stringify(answers))
      }
      const winner = ok[0].receipt
      const sent = plan.sends.find((s) => s.ballotHash === winner.ballotHash)
      assert.ok(sent, 'the receipt is for a ballot the voter sent')
      committed.set(winner.ballotHash, { receipt: winner, ballot: sent.ballot })
    }
    assert.equal(committed.size, VOTERS, 'one committed ballot per voter')

    const expected = new Map()
    for (const { ballot } of committed.values()) {
      for (const choice of decodeBallot(Buffer.from(ballot, 'base64')).choices) {
        expected.set(choice.projectId, (expected.get(choice.projectId) ?? 0) + 1)
      }
    }
    const hashes = [...committed.values()].map(({ receipt }) => txHashOf(receipt))
    for (const url of stack.replicaUrls()) {
      const statuses = await txStatuses(url, hashes)
      assert.ok(
        statuses.every((s) => s.status === 'committed'),
        `every receipt committed on ${url}`
      )
      const tally = await tallyOf(url, campaignId)
      assert.equal(tally.ballots - before.ballots, VOTERS, `${url} counts one ballot per voter`)
      for (const project of tally.projects) {
        const was = before.projects.find((p) => p.id === project.id)?.votes ?? 0
        assert.equal(
          project.votes - was,
          expected.get(project.id) ?? 0,
          `${url}: project ${project.id} has exactly the committed ballots' votes`
        )
      }
    }
  } catch (error) {
    error.message += `\n${stack.tail()}`
    throw error
  } finally {
    await stack.stop()
  }
})

async function tallyOf(url, campaignId) {
  const response = await fetch(`${url}/pb/campaigns/${campaignId}/tally`)
  assert.equal(response.status, 200)
  return response.json()
}

/** The replica's status of many txs in one request (`POST /txs/status`, ledger.md). */
async function txStatuses(url, hashes) {
  const response = await fetch(`${url}/txs/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hashes }),
  })
  assert.equal(response.status, 200)
  return (await response.json()).statuses
}
