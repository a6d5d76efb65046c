/*
| Voting under faults, with real processes (issue #5 item 10): four ledger replicas, PostgreSQL and
| the app server (bench/stack.js), voters submitting real ballots over HTTP while we
|   - kill -9 one replica: voting continues, nothing acknowledged is lost, the replica catches up;
|   - kill -9 the app: every ballot that got a receipt is on the ledger and counted once; the others
|     are resubmitted (voters retry) and counted once;
|   - restart PostgreSQL (the stack's own server, bench/private_postgres.js): voting resumes,
|     every ballot is counted once.
| After each: every receipt's tx is committed on every live replica, and the ledger's own tally
| counts each ballot exactly once.
*/
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { Stack, vote } from '../../bench/stack.js'
import { reportLeftovers } from '../support/leftovers.js'
import { checkoutTag } from '../support/test_env.js'

const BALLOTS = Number(process.env.VOTING_FAULT_BALLOTS ?? 400)
const RATE = 50 // ballots/s offered
// The stack finds free ports by itself; the shift only moves the preferred ones. The databases are
// this checkout's own (a suffix from its path), so another checkout's run never drops them.
const PORT_SHIFT = Number(process.env.VOTING_FAULT_PORT_SHIFT ?? 0)
const DB_SUFFIX = process.env.VOTING_FAULT_DB_SUFFIX ?? `_${checkoutTag()}`

reportLeftovers('voting faults')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// Ports below the ephemeral range (32768+), so no outgoing connection can hold one of ours.
async function withStack(name, basePort, run, { privatePostgres = false } = {}) {
  const stack = new Stack({
    basePort: basePort + PORT_SHIFT,
    appPort: basePort + PORT_SHIFT + 900,
    database: `civic_budget_fault_${name}${DB_SUFFIX}`,
    privatePostgres,
  })
  try {
    await stack.start()
    const campaignId = await stack.votingCampaignOnLedger()
    const items = stack.mintBallots(campaignId, BALLOTS)
    await run(stack, campaignId, items)
  } catch (error) {
    error.message += `\n${stack.tail()}`
    throw error
  } finally {
    await stack.stop()
  }
}

/** Voters at a fixed rate; `fault` runs `atMs` after the first ballot. Voters retry until answered. */
async function voteUnderFault(stack, campaignId, items, atMs, fault) {
  const started = performance.now()
  const faultDone = sleep(atMs).then(fault)
  const results = await Promise.all(
    items.map(async (item, i) => {
      await sleep((i * 1000) / RATE)
      return {
        item,
        ...(await vote(stack.baseUrl, campaignId, item, {
          timeoutMs: 120_000,
          retryServerErrors: true,
        })),
      }
    })
  )
  await faultDone
  return { results, seconds: (performance.now() - started) / 1000 }
}

const txHashOf = (receipt) =>
  createHash('sha256').update(Buffer.from(receipt.tx, 'base64')).digest('hex')

async function assertCountedOnce(stack, campaignId, results, replicas) {
  const committed = results.filter((r) => r.outcome === 'committed')
  assert.deepEqual(
    results.filter((r) => r.outcome !== 'committed').map((r) => `${r.status} ${r.error}`),
    [],
    'every voter got a receipt in the end'
  )
  for (const index of replicas) {
    const url = stack.replicaUrls()[index]
    for (const r of committed) {
      assert.equal(r.receipt.ballotHash, r.item.ballotHash)
      const status = await (await fetch(`${url}/txs/${txHashOf(r.receipt)}`)).json()
      assert.equal(
        status.status,
        'committed',
        `ballot ${r.item.ballotHash} committed on replica ${index}`
      )
    }
    const tally = await (await fetch(`${url}/pb/campaigns/${campaignId}/tally`)).json()
    assert.equal(tally.ballots, results.length, `replica ${index} counts every ballot exactly once`)
  }
}

async function waitForHeight(stack, index, height) {
  const deadline = Date.now() + 60_000
  for (;;) {
    const status = await fetch(`${stack.replicaUrls()[index]}/status`)
      .then((r) => r.json())
      .catch(() => null)
    if (status && status.committedHeight >= height) return
    assert.ok(Date.now() < deadline, `replica ${index} catches up to height ${height}`)
    await sleep(500)
  }
}

test('kill -9 of one replica during voting: voting continues, nothing acknowledged is lost', async () => {
  await withStack('replica', 27000, async (stack, campaignId, items) => {
    const { results } = await voteUnderFault(stack, campaignId, items, 3000, () =>
      stack.killReplica(3)
    )
    await assertCountedOnce(stack, campaignId, results, [0, 1, 2])
    stack.startReplica(3)
    const { committedHeight } = await (await fetch(`${stack.replicaUrls()[0]}/status`)).json()
    await waitForHeight(stack, 3, committedHeight)
    await assertCountedOnce(stack, campaignId, results, [3])
  })
})

test('kill -9 of the app during voting: receipts are on the ledger, retried ballots count once', async () => {
  await withStack('app', 28000, async (stack, campaignId, items) => {
    const { results } = await voteUnderFault(stack, campaignId, items, 3000, async () => {
      stack.killApp('SIGKILL')
      await sleep(1000)
      await stack.startApp()
    })
    await assertCountedOnce(stack, campaignId, results, [0, 1, 2, 3])
    // Every voter sends the identical ballot again: the same receipt, still counted once.
    for (const r of results.slice(0, 50)) {
      const again = await vote(stack.baseUrl, campaignId, r.item)
      assert.equal(again.outcome, 'committed')
      assert.equal(again.receipt.blockHash, r.receipt.blockHash)
    }
    await assertCountedOnce(stack, campaignId, results, [0])
  })
})

// The stack's own PostgreSQL server is restarted, not the machine's: other runs keep theirs.
test('PostgreSQL restart during voting: voting resumes, every ballot counted once', async () => {
  await withStack(
    'postgres',
    29000,
    async (stack, campaignId, items) => {
      const { results } = await voteUnderFault(stack, campaignId, items, 3000, () =>
        stack.restartPostgres()
      )
      await assertCountedOnce(stack, campaignId, results, [0, 1, 2, 3])
    },
    { privatePostgres: true }
  )
})
