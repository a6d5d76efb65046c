/**
 * What the audit does with txs the replicas' pb application refuses, put into certified blocks of a
 * fake chain (a quorum that misbehaves could sign them): a ballot is not counted, for the reason
 * code the replicas give; a campaign signed by a non-admin is not registered; a header whose state
 * root is not the one the replicas compute is a difference.
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
  ballotTx,
  bytesToHex,
  cborDecode,
  cborEncode,
  encodeBallot,
  generateRegistrarKey,
  signBallot,
  type Genesis,
} from '@civic-budget/protocol'
import { auditCampaign } from '#outcomes/audit/audit'
import { castBallot, fakeChain, servedChain } from '#tests/helpers/protocol_fixtures'
import {
  blocksFetch,
  commitThroughPbApp,
  pbServedChain,
  refusedDifferences,
} from '#tests/helpers/pb_app'

const HOUR = 3_600_000
const OPENS = Date.UTC(2027, 4, 1, 6)
const CAMPAIGN = 5

function definition(registrarPublicKey: string): CampaignDefinition {
  return {
    id: CAMPAIGN,
    registrarPublicKey,
    votingOpensAtMs: OPENS,
    votingClosesAtMs: OPENS + 10 * HOUR,
    pots: [
      { id: 1, budget: 500_000, rule: { kind: 'approval', minSelections: 1, maxSelections: 2 } },
    ],
    projects: [
      { id: 11, cost: 100_000, potId: 1 },
      { id: 12, cost: 200_000, potId: 1 },
      { id: 13, cost: 50_000, potId: 1 },
    ],
  }
}

const approve = (...projectIds: number[]) =>
  projectIds.map((projectId) => ({ projectId, weight: 1 }))

/** The ballot tx with one byte of the voter's signature flipped. */
function flipSignature(tx: Uint8Array): Uint8Array {
  const [version, kind, ballotBytes, signature] = cborDecode(tx) as [
    number,
    string,
    Uint8Array,
    Uint8Array,
  ]
  const forged = Uint8Array.from(signature)
  forged[0] ^= 1
  return cborEncode([version, kind, ballotBytes, forged])
}

/**
 * One counted ballot (13) and, in chain order, one ballot each refused for being cast before the
 * opening, by a voter key that already voted, with a forged signature, with a credential of
 * another registrar, and breaking the pot's rule.
 */
function scenario(campaignSigner?: Uint8Array) {
  const chain = fakeChain()
  const admin = randomBytes(32)
  const registrar = generateRegistrarKey()
  const counted = castBallot(registrar, CAMPAIGN, approve(13))
  const sameVoterBytes = encodeBallot({
    campaignId: CAMPAIGN,
    choices: approve(12),
    voterKey: counted.voterKey,
    credential: counted.credential,
  })
  const blocks = [
    {
      timestampMs: OPENS - HOUR,
      txs: [
        encodeCampaignTx(encodeCampaign(definition(registrar.publicKey)), campaignSigner ?? admin),
        castBallot(registrar, CAMPAIGN, approve(11)).txBytes,
      ],
    },
    {
      timestampMs: OPENS + HOUR,
      txs: [
        counted.txBytes,
        ballotTx(sameVoterBytes, signBallot(counted.voterSecretKey, sameVoterBytes)),
        flipSignature(castBallot(registrar, CAMPAIGN, approve(11)).txBytes),
        castBallot(generateRegistrarKey(), CAMPAIGN, approve(12)).txBytes,
        castBallot(registrar, CAMPAIGN, approve(11, 12, 13)).txBytes,
      ],
    },
    { timestampMs: OPENS + 2 * HOUR, txs: [castBallot(registrar, CAMPAIGN, approve(12)).txBytes] },
  ]
  const genesis = {
    ...chain.genesis,
    admins: [bytesToHex(ed25519.getPublicKey(admin))],
  } as Genesis
  const audit = (served = pbServedChain(chain, blocks, admin)) =>
    auditCampaign({
      campaignId: CAMPAIGN,
      replicaUrl: 'http://replica.test',
      genesis,
      db: null,
      fetchImpl: blocksFetch(served),
    })
  return { chain, admin, blocks, audit }
}

test.group('Outcomes · audit of txs the replicas refuse', () => {
  test('a refused ballot is not counted, for the reason code the replicas give, and its block is a difference', async ({
    assert,
  }) => {
    const { admin, blocks, audit } = scenario()
    const { verdicts } = commitThroughPbApp(blocks, admin)
    const refusals = verdicts
      .filter((v) => v.kind === 'ballot' && !v.ok)
      .map((v) => v.reason.split(':')[0])
    assert.deepEqual(refusals, [
      'voting_not_open',
      'duplicate_voter',
      'invalid_signature',
      'invalid_credential',
      'rule_violation',
    ])

    const report = await audit()
    assert.isFalse(report.ok)
    assert.deepEqual(report.differences, refusedDifferences(verdicts))
    assert.include(
      report.lines,
      'campaign 5: 2 ballots counted = 2 online ballots + 0 paper sheets (0 of 0 paper batches); ' +
        `not counted: ${refusals.map((code) => `1 ${code}`).join(', ')}`
    )
    // the second ballot of the voter who chose 13 chose 12: only the last block's ballot counts there
    assert.includeMembers(report.lines, [
      'project 11: 0 votes / 0 points (online 0 / 0, paper 0 / 0)',
      'project 12: 1 votes / 1 points (online 1 / 1, paper 0 / 0)',
      'project 13: 1 votes / 1 points (online 1 / 1, paper 0 / 0)',
    ])
  })

  test('a header carrying a state root the replicas do not compute is a difference', async ({
    assert,
  }) => {
    const { chain, admin, blocks, audit } = scenario()
    const { stateRoots, verdicts } = commitThroughPbApp(blocks, admin)
    // the last block's: the root chains into every later one, so an earlier forgery shows there too
    const forged = Uint8Array.from(stateRoots[2])
    forged[31] ^= 1
    const served = servedChain(
      chain,
      blocks.map((block, i) => ({ ...block, stateRoot: i === 2 ? forged : stateRoots[i] }))
    )
    const report = await audit(served)
    assert.isFalse(report.ok)
    const forgedRoot =
      `block 3: state root ${bytesToHex(forged)} differs from ${bytesToHex(stateRoots[2])} ` +
      "computed by the replicas' pb application"
    assert.sameMembers(report.differences, [forgedRoot, ...refusedDifferences(verdicts)])
  })

  test('a campaign signed by a key that is not a genesis admin is not registered', async ({
    assert,
  }) => {
    const { audit, blocks, admin } = scenario(randomBytes(32))
    const report = await audit()
    assert.isFalse(report.ok)
    const { verdicts } = commitThroughPbApp(blocks, admin)
    assert.sameMembers(report.differences, [
      ...refusedDifferences(verdicts),
      'campaign 5 is not registered on the ledger',
      'campaign tx at height 1 refused: unauthorized: not an admin key',
    ])
  })
})
