/**
 * The audit recomputes a campaign's outcome from the ledger alone, so the campaign record carries
 * what the rules need beyond ballots and costs: each pot's minimum support and the currency's
 * decimals (docs/protocol.md "campaign tx"). Records made before those existed decode with the
 * values the app applied then (no minimum, 2 decimals), and a record spelling a default out is
 * not canonical.
 */
import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import {
  encodeCampaign,
  encodeCampaignTx,
  type CampaignDefinition,
} from '@civic-budget/protocol/tx'
import {
  bytesToHex,
  cborDecode,
  cborEncode,
  generateRegistrarKey,
  type CborValue,
  type Genesis,
} from '@civic-budget/protocol'
import { decodeCampaign } from '@civic-budget/protocol/pb'
import { auditCampaign } from '#outcomes/audit/audit'
import type { OutcomeRule } from '#campaigns/models/campaign'
import { castBallot, fakeChain } from '#tests/helpers/protocol_fixtures'
import { blocksFetch, pbServedChain } from '#tests/helpers/pb_app'

const HOUR = 3_600_000
const OPENS = Date.UTC(2027, 4, 1, 6)
const CAMPAIGN = 7

interface Scenario {
  costs: number[]
  /** Indexes into the projects (ids 11, 12, …). */
  ballots: number[][]
  minSupport?: number
  minorDigits?: number
}

function definition(registrarPublicKey: string, s: Scenario): CampaignDefinition {
  return {
    id: CAMPAIGN,
    registrarPublicKey,
    votingOpensAtMs: OPENS,
    votingClosesAtMs: OPENS + 10 * HOUR,
    pots: [
      {
        id: 1,
        budget: 1_000_000,
        rule: { kind: 'approval', minSelections: 1, maxSelections: s.costs.length },
        minSupport: s.minSupport,
      },
    ],
    projects: s.costs.map((cost, i) => ({ id: 11 + i, cost, potId: 1 })),
    minorDigits: s.minorDigits,
  }
}

/** The audit's recomputed selection of pot 1 under `rule`, as its report line says it. */
async function recomputed(s: Scenario, rule: OutcomeRule) {
  const chain = fakeChain()
  const admin = randomBytes(32)
  const registrar = generateRegistrarKey()
  const blocks = [
    {
      timestampMs: OPENS - HOUR,
      txs: [encodeCampaignTx(encodeCampaign(definition(registrar.publicKey, s)), admin)],
    },
    {
      timestampMs: OPENS + HOUR,
      txs: s.ballots.map(
        (b) =>
          castBallot(
            registrar,
            CAMPAIGN,
            b.map((i) => ({ projectId: 11 + i, weight: 1 }))
          ).txBytes
      ),
    },
  ]
  const report = await auditCampaign({
    campaignId: CAMPAIGN,
    replicaUrl: 'http://replica.test',
    genesis: { ...chain.genesis, admins: [bytesToHex(ed25519.getPublicKey(admin))] } as Genesis,
    db: null,
    rule,
    fetchImpl: blocksFetch(pbServedChain(chain, blocks, admin)),
  })
  return report.lines.find((line) => line.startsWith('pot 1 '))
}

test.group('Outcomes · audit with the minimum support and the currency decimals', () => {
  test('the pot’s minimum support from the campaign record applies to every rule', async ({
    assert,
  }) => {
    // 4 voters: 11 by all, 12 by one (equal shares funds it: 250,000 each), 13 by nobody (fits).
    const base = { costs: [200_000, 200_000, 100_000], ballots: [[0, 1], [0], [0], [0]] }
    assert.equal(
      await recomputed({ ...base, minSupport: 2 }, 'greedy'),
      'pot 1 (greedy): selected 11'
    )
    assert.equal(
      await recomputed({ ...base, minSupport: 2 }, 'equal_shares'),
      'pot 1 (equal_shares): selected 11'
    )
    assert.equal(
      await recomputed({ ...base, minSupport: 1 }, 'greedy'),
      'pot 1 (greedy): selected 11, 12'
    )
    // a record without it (made before it existed): no minimum, as the app applied then
    assert.equal(await recomputed(base, 'greedy'), 'pot 1 (greedy): selected 11, 12, 13')
    assert.equal(await recomputed(base, 'equal_shares'), 'pot 1 (equal_shares): selected 11, 12')
  })

  test('the add-one completion steps by whole units of the record’s currency', async ({
    assert,
  }) => {
    // 2 voters, 1,000,000 minor units: 11 (500,500) by voter 0, 12 (500,400) by voter 1. In KWD
    // (1 dinar = 1,000 fils) one more dinar each buys both, over budget: nothing is kept. In
    // cents, 4 more units (40 fils) buy 12 alone, within the budget.
    const base = { costs: [500_500, 500_400], ballots: [[0], [1]] }
    assert.equal(
      await recomputed({ ...base, minorDigits: 3 }, 'equal_shares_add1'),
      'pot 1 (equal_shares_add1): selected —'
    )
    assert.equal(
      await recomputed(base, 'equal_shares_add1'),
      'pot 1 (equal_shares_add1): selected 12'
    )
  })

  test('the optional items are left out at their defaults; spelt out, they are not canonical', ({
    assert,
  }) => {
    const registrar = generateRegistrarKey()
    const plain = definition(registrar.publicKey, { costs: [100], ballots: [] })
    const bytes = encodeCampaign(plain)
    const items = cborDecode(bytes) as CborValue[]
    assert.lengthOf(items, 7)
    assert.lengthOf((items[5] as CborValue[][])[0], 3)
    // the same value with defaults spelt out: 0 minimum support, 2 decimals
    const pots = (items[5] as CborValue[][]).map((pot) => [...pot, 0])
    assert.throws(() => decodeCampaign(cborEncode([...items.slice(0, 5), pots, items[6]])))
    assert.throws(() => decodeCampaign(cborEncode([...items, 2])))
    assert.throws(() => decodeCampaign(cborEncode([...items, 7])), /minorDigits/)

    const full = encodeCampaign({
      ...plain,
      minorDigits: 0,
      pots: [{ ...plain.pots[0], minSupport: 3 }],
    })
    const decoded = decodeCampaign(full)
    assert.equal(decoded.minorDigits, 0)
    assert.equal(decoded.pots[0].minSupport, 3)
    assert.isUndefined(decodeCampaign(bytes).minorDigits)
  })
})
