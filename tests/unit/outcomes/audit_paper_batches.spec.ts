/**
 * The audit of `paper-batch` txs, which executes the chain with the replicas' own pb app
 * (`@civic-budget/ledger-node/pb`, built by `npm run build -w ledger-node`): every batch is named
 * with the replicas' verdict (forged and refused batches included), only accepted sheets count, and
 * the tallies are the app's — and the report names a batch whose admin approval does not verify.
 */
import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import {
  encodeCampaign,
  encodeCampaignTx,
  encodePaperBatch,
  encodePaperBatchTx,
  type CampaignDefinition,
} from '@civic-budget/protocol/tx'
import {
  bytesToHex,
  cborDecode,
  cborEncode,
  generateRegistrarKey,
  type Genesis,
} from '@civic-budget/protocol'
import { auditCampaign } from '#outcomes/audit/audit'
import { castBallot, fakeChain } from '#tests/helpers/protocol_fixtures'
import {
  blocksFetch,
  commitThroughPbApp,
  pbServedChain,
  refusedDifferences,
} from '#tests/helpers/pb_app'

const HOUR = 3_600_000
const OPENS = Date.UTC(2027, 2, 1, 6)
const CLOSES = Date.UTC(2027, 2, 15, 18)
const CAMPAIGN = 7

function definition(registrarPublicKey: string): CampaignDefinition {
  return {
    id: CAMPAIGN,
    registrarPublicKey,
    votingOpensAtMs: OPENS,
    votingClosesAtMs: CLOSES,
    pots: [
      { id: 1, budget: 500_000, rule: { kind: 'approval', minSelections: 1, maxSelections: 2 } },
      { id: 2, budget: 10, rule: { kind: 'cumulative', points: 5, maxPerProject: 3 } },
    ],
    projects: [
      { id: 11, cost: 100_000, potId: 1 },
      { id: 12, cost: 200_000, potId: 1 },
      { id: 13, cost: 50_000, potId: 1 },
      { id: 21, cost: 1, potId: 2 },
      { id: 22, cost: 1, potId: 2 },
    ],
  }
}

type Sheet = [sheetNo: number, choices: [projectId: number, weight: number][]]

/** A sheet from `projectId` or `projectId:weight` cells, as in the paper CSV. */
const sheet = (sheetNo: number, ...cells: string[]): Sheet => [
  sheetNo,
  cells.map((cell) => {
    const [projectId, weight = '1'] = cell.split(':')
    return [Number(projectId), Number(weight)]
  }),
]

function batchBytes(station: string, batchNo: number, sheets: Sheet[]): Uint8Array {
  return encodePaperBatch({
    campaignId: CAMPAIGN,
    station,
    batchNo,
    sheets: sheets.map(([sheetNo, choices]) => ({
      sheetNo,
      choices: choices.map(([projectId, weight]) => ({ projectId, weight })),
    })),
  })
}

/** The tx with one byte of the admin's approval signature flipped. */
function flipAdminSignature(tx: Uint8Array): Uint8Array {
  const parts = cborDecode(tx) as Uint8Array[]
  const signature = Uint8Array.from(parts[6])
  signature[0] ^= 1
  return cborEncode([...parts.slice(0, 6), signature])
}

/**
 * Three blocks: before the opening, during voting, after the close; `expected` is the replicas'
 * verdict on every paper batch, in chain order.
 */
function scenario() {
  const chain = fakeChain()
  const admin = randomBytes(32)
  const operator = randomBytes(32)
  const outsider = randomBytes(32)
  const registrar = generateRegistrarKey()
  const campaign = definition(registrar.publicKey)
  const paper = (bytes: Uint8Array, approver = admin) =>
    encodePaperBatchTx(bytes, operator, approver)
  // sheets out of order: malformed for the replicas
  const unsortedSheets = cborEncode([
    1,
    CAMPAIGN,
    'School 9',
    1,
    [
      [2, [[11, 1]]],
      [1, [[12, 1]]],
    ],
  ])
  const blocks = [
    {
      timestampMs: OPENS - HOUR,
      txs: [
        encodeCampaignTx(encodeCampaign(campaign), admin),
        paper(batchBytes('School 4', 1, [sheet(1, '11')])),
      ],
    },
    {
      timestampMs: OPENS + HOUR,
      txs: [
        castBallot(registrar, CAMPAIGN, [{ projectId: 11, weight: 1 }]).txBytes,
        castBallot(registrar, CAMPAIGN, [
          { projectId: 12, weight: 1 },
          { projectId: 21, weight: 2 },
        ]).txBytes,
        paper(batchBytes('School 5', 1, [sheet(1, '11', '21:3'), sheet(2, '12', '13', '22:2')])),
        flipAdminSignature(paper(batchBytes('School 5', 2, [sheet(1, '13')]))),
        paper(batchBytes('School 5', 3, [sheet(1, '13')]), outsider),
        // sheet 2 chooses 3 projects of pot 1 (at most 2): the whole batch is refused
        paper(batchBytes('School 6', 1, [sheet(1, '11'), sheet(2, '11', '12', '13')])),
        paper(batchBytes('School 5', 1, [sheet(3, '13')])),
        paper(unsortedSheets),
        // the operator fixed the refused file: a refused batch does not take its number
        paper(batchBytes('School 6', 1, [sheet(1, '11')])),
      ],
    },
    {
      timestampMs: CLOSES + HOUR,
      txs: [
        castBallot(registrar, CAMPAIGN, [{ projectId: 13, weight: 1 }]).txBytes,
        paper(batchBytes('School 8', 4, [sheet(1, '13')])), // late counts are allowed
      ],
    },
  ]
  const expected = [
    'voting_not_open',
    'ok',
    'invalid_signature',
    'unauthorized',
    'rule_violation: sheet 2',
    'duplicate_batch',
    'malformed',
    'ok',
    'ok',
  ]
  const genesis = {
    ...chain.genesis,
    admins: [bytesToHex(ed25519.getPublicKey(admin))],
  } as Genesis
  return { chain, admin, campaign, blocks, expected, genesis }
}

/** The replicas' reason without its details: `rule_violation: sheet N` or the leading code. */
const reasonCode = (reason: string) => reason.match(/^rule_violation: sheet \d+|^[a-z_]+/)![0]

/** The audit of the scenario's chain, served with the state roots the replicas compute. */
function auditScenario({ chain, admin, blocks, genesis }: ReturnType<typeof scenario>) {
  return auditCampaign({
    campaignId: CAMPAIGN,
    replicaUrl: 'http://replica.test',
    genesis,
    db: null,
    fetchImpl: blocksFetch(pbServedChain(chain, blocks, admin)),
  })
}

test.group('Outcomes · audit replay of paper batches', () => {
  test("names every batch with the replicas' verdict and counts their tallies", async ({
    assert,
  }) => {
    const fixture = scenario()
    const { app, verdicts } = commitThroughPbApp(fixture.blocks, fixture.admin)
    const paperVerdicts = verdicts
      .filter((v) => v.kind === 'paper-batch')
      .map((v) => (v.ok ? 'ok' : reasonCode(v.reason)))
    assert.deepEqual(paperVerdicts, fixture.expected)

    const report = await auditScenario(fixture)
    assert.deepEqual(report.differences, refusedDifferences(verdicts))
    // a malformed batch has no station or number to name: it is reported as a malformed tx
    const batchVerdicts = report.lines
      .filter((line) => line.startsWith('paper batch '))
      .map((line) =>
        line.endsWith(': counted') ? 'ok' : reasonCode(line.split(': NOT counted, ')[1])
      )
    assert.deepEqual(
      batchVerdicts,
      fixture.expected.filter((verdict) => verdict !== 'malformed')
    )
    assert.include(
      report.lines,
      "1 malformed tx refused by the replicas' pb application (height 2): not counted for any campaign"
    )

    const ledger = app.committedTally(CAMPAIGN)!
    assert.equal(ledger.paperBallots, 4)
    assert.include(
      report.lines,
      `campaign 7: ${ledger.ballots} ballots counted = 2 online ballots + 4 paper sheets ` +
        '(3 of 8 paper batches); not counted: 1 voting_closed'
    )
    for (const [projectId, { votes, points }] of ledger.projects) {
      assert.isTrue(
        report.lines.some((line) =>
          line.startsWith(`project ${projectId}: ${votes} votes / ${points} points `)
        ),
        `project ${projectId}`
      )
    }
  })

  test('the report names a batch whose admin approval does not verify and leaves it out', async ({
    assert,
  }) => {
    const fixture = scenario()
    const report = await auditScenario(fixture)
    const { verdicts } = commitThroughPbApp(fixture.blocks, fixture.admin)
    assert.deepEqual(report.differences, refusedDifferences(verdicts))
    assert.isFalse(report.ok)
    assert.includeMembers(report.lines, [
      'paper batch "School 5" #1 (height 2, 2 sheets): counted',
      'paper batch "School 5" #2 (height 2, 1 sheet): NOT counted, invalid_signature',
      'paper batch "School 5" #3 (height 2, 1 sheet): NOT counted, unauthorized: not an admin key',
      'paper batch "School 6" #1 (height 2, 2 sheets): NOT counted, ' +
        'rule_violation: sheet 2: pot 1: too_many (max 2, actual 3)',
      'paper batch "School 8" #4 (height 3, 1 sheet): counted',
      // 13 is on the sheets of both refused School 5 batches and on the late ballot: none counts
      'project 13: 2 votes / 2 points (online 0 / 0, paper 2 / 2)',
      'project 21: 2 votes / 5 points (online 1 / 2, paper 1 / 3)',
    ])
  })
})
