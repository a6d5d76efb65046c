/**
 * The `outcome` ledger record against the replicas' own pb app (`@civic-budget/ledger-node/pb`, built
 * by `npm run build -w ledger-node`): the platform's payload lists each pot's selection ascending, as
 * the replicas require, whatever the rule's selection order; the audit compares the record with
 * its recomputed selection as a set and names the projects when the sets differ.
 */
import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { decodeRecordPayload } from '@civic-budget/ledger-node/pb'
import {
  encodeCampaign,
  encodeCampaignTx,
  encodeRecordTx,
  type CampaignDefinition,
} from '@civic-budget/protocol/tx'
import { bytesToHex, cborEncode, generateRegistrarKey, type Genesis } from '@civic-budget/protocol'
import { auditCampaign } from '#outcomes/audit/audit'
import { outcomePayload } from '#outcomes/platform/campaign_outcome'
import { tallyChoices, tallyHash } from '#outcomes/platform/tally_hash'
import { castBallot, fakeChain } from '#tests/helpers/protocol_fixtures'
import { blocksFetch, commitThroughPbApp, pbServedChain } from '#tests/helpers/pb_app'

const HOUR = 3_600_000
const OPENS = Date.UTC(2027, 2, 1, 6)
const CAMPAIGN = 9

/**
 * Greedy over pot 1 (budget 200,000): 13 (3 votes, 50,000), then 11 (2 votes, 100,000); 12 (1 vote,
 * 200,000) no longer fits. The selection order 13, 11 is not ascending.
 */
const BALLOTS = [
  [11, 13],
  [11, 13],
  [12, 13],
]

function definition(registrarPublicKey: string): CampaignDefinition {
  return {
    id: CAMPAIGN,
    registrarPublicKey,
    votingOpensAtMs: OPENS,
    votingClosesAtMs: OPENS + 10 * HOUR,
    pots: [
      { id: 1, budget: 200_000, rule: { kind: 'approval', minSelections: 1, maxSelections: 2 } },
    ],
    projects: [
      { id: 11, cost: 100_000, potId: 1 },
      { id: 12, cost: 200_000, potId: 1 },
      { id: 13, cost: 50_000, potId: 1 },
    ],
  }
}

const selectedAs = (ids: number[]) => ids.map((projectId) => ({ projectId }))

test.group('Outcomes · the outcome record on the ledger', () => {
  test('the payload lists pots and each selection ascending; the replicas decode it', ({
    assert,
  }) => {
    const pots = [
      { potId: 2, selected: selectedAs([22, 21]) },
      { potId: 1, selected: selectedAs([13, 11, 12]) },
    ]
    const payload = outcomePayload(
      CAMPAIGN,
      { rule: 'greedy', tallyHash: 'ab'.repeat(32), pots },
      null
    )
    assert.deepEqual(payload[4], [
      [1, [11, 12, 13]],
      [2, [21, 22]],
    ])
    // the caller's selection order is left as it was (it is what campaign_outcomes stores)
    assert.deepEqual(
      pots[1].selected.map((s) => s.projectId),
      [13, 11, 12]
    )
    const decoded = decodeRecordPayload('outcome', cborEncode(payload))
    assert.deepEqual(decoded.kind === 'outcome' && decoded.winners, [
      { potId: 1, projectIds: [11, 12, 13] },
      { potId: 2, projectIds: [21, 22] },
    ])
    const inSelectionOrder = [...payload.slice(0, 4), [[1, [13, 11, 12]]], '']
    assert.throws(
      () => decodeRecordPayload('outcome', cborEncode(inSelectionOrder)),
      /projects must be ascending/
    )
  })

  test('a record of the rule selection is committed and agrees; a different set is named', async ({
    assert,
  }) => {
    const chain = fakeChain()
    const admin = randomBytes(32)
    const registrar = generateRegistrarKey()
    const campaign = definition(registrar.publicKey)
    const hash = tallyHash(
      CAMPAIGN,
      tallyChoices(
        campaign.projects.map((p) => p.id),
        BALLOTS.map((ids) => ids.map((id): [number, number] => [id, 1]))
      )
    )
    const record = (selected: number[]) =>
      encodeRecordTx(
        'outcome',
        outcomePayload(
          CAMPAIGN,
          { rule: 'greedy', tallyHash: hash, pots: [{ potId: 1, selected: selectedAs(selected) }] },
          null
        ),
        admin
      )
    const blocks = [
      { timestampMs: OPENS - HOUR, txs: [encodeCampaignTx(encodeCampaign(campaign), admin)] },
      {
        timestampMs: OPENS + HOUR,
        txs: BALLOTS.map(
          (ids) =>
            castBallot(
              registrar,
              CAMPAIGN,
              ids.map((projectId) => ({ projectId, weight: 1 }))
            ).txBytes
        ),
      },
      { timestampMs: OPENS + 11 * HOUR, txs: [record([13, 11])] },
    ]

    const { verdicts } = commitThroughPbApp(blocks, admin)
    assert.deepEqual(
      verdicts.map((v) => `${v.kind} ${v.ok ? 'ok' : v.reason}`),
      ['campaign ok', 'ballot ok', 'ballot ok', 'ballot ok', 'outcome ok']
    )

    const genesis = {
      ...chain.genesis,
      admins: [bytesToHex(ed25519.getPublicKey(admin))],
    } as Genesis
    const audit = (served: typeof blocks) => {
      const fetchImpl = blocksFetch(pbServedChain(chain, served, admin))
      const options = { campaignId: CAMPAIGN, replicaUrl: 'http://r.test', genesis, db: null }
      return auditCampaign({ ...options, fetchImpl })
    }
    const agreed = await audit(blocks)
    assert.deepEqual(agreed.differences, [])
    assert.include(agreed.lines, 'pot 1 (greedy): selected 13, 11')

    // The latest record is the published outcome: one selecting 11 and 12 instead.
    const differing = await audit([
      ...blocks,
      { timestampMs: OPENS + 12 * HOUR, txs: [record([12, 11])] },
    ])
    assert.isFalse(differing.ok)
    assert.deepEqual(differing.differences, [
      'pot 1: outcome record selects 11, 12, recomputed 11, 13 ' +
        '(missing from the record: 13; only in the record: 12)',
    ])
  })
})
