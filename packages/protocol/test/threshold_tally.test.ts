/**
 * The decryption of a whole campaign (threshold_tally.ts): exactly t trustees decrypt, t − 1 decrypt
 * nothing, a wrong share is named with its trustee and the others suffice, a rule-breaking ballot is
 * spoiled with its reason, and an altered ceremony record or ballot is named by its step.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ceremonyResult,
  createDealing,
  generateTrusteeKey,
  trusteeSecretShare,
  type CeremonyParams,
  type Dealing,
  type TrusteeKeyRecord,
} from '../src/dkg.js'
import {
  encryptChoices,
  campaignPaddedLength,
  type EncryptedBallot,
} from '../src/encrypted_ballot.js'
import { makeDecryptionShareBatch, type DecryptionShareBatch } from '../src/decryption.js'
import { pointBytes } from '../src/ristretto.js'
import type { BallotChoice } from '../src/ballot.js'
import {
  canonicalBatchCount,
  describeBatchVerdict,
  mergeTallies,
  thresholdTally,
  type BallotOutcome,
  type ThresholdCampaign,
  type ThresholdTallyInput,
} from '../src/threshold_tally.js'

const CAMPAIGN = 11
const T = 2
const N = 3

/** Pot 1 approval (at most 2 of projects 1–3), pot 2 cumulative (5 points, 3 per project). */
const rules = {
  pots: [
    {
      id: 1,
      budget: 1000,
      rule: { kind: 'approval' as const, minSelections: 0, maxSelections: 2 },
    },
    { id: 2, budget: 1000, rule: { kind: 'cumulative' as const, points: 5, maxPerProject: 3 } },
  ],
  projects: [
    { id: 1, cost: 100, potId: 1 },
    { id: 2, cost: 100, potId: 1 },
    { id: 3, cost: 100, potId: 1 },
    { id: 4, cost: 100, potId: 2 },
    { id: 5, cost: 100, potId: 2 },
  ],
}

const CHOICES: BallotChoice[][] = [
  [{ projectId: 1, weight: 1 }],
  [
    { projectId: 1, weight: 1 },
    { projectId: 3, weight: 1 },
    { projectId: 4, weight: 3 },
  ],
  [{ projectId: 5, weight: 2 }],
  // breaks pot 1's rule: three projects, at most two
  [
    { projectId: 1, weight: 1 },
    { projectId: 2, weight: 1 },
    { projectId: 3, weight: 1 },
  ],
]

interface Election {
  campaign: ThresholdCampaign
  trusteeKeys: TrusteeKeyRecord[]
  dealings: Dealing[]
  ballots: EncryptedBallot[]
  batches: DecryptionShareBatch[]
}

function election(choices: BallotChoice[][] = CHOICES): Election {
  const trustees = Array.from({ length: N }, (_, i) => generateTrusteeKey(CAMPAIGN, i + 1))
  const params: CeremonyParams = {
    campaignId: CAMPAIGN,
    threshold: T,
    trusteeKeys: trustees.map((t) => t.record.ceremonyKey),
  }
  const dealings = trustees.map((_, i) => createDealing(params, i + 1))
  const result = ceremonyResult(params, dealings, [])
  assert.ok(result.ok)
  const paddedLength = campaignPaddedLength(rules)
  const context = { campaignId: CAMPAIGN, electionKey: result.electionKey, paddedLength }
  const ballots = choices.map((c, v): EncryptedBallot => {
    const voterKey = new Uint8Array(32).fill(v + 1)
    return {
      version: 2,
      campaignId: CAMPAIGN,
      encrypted: encryptChoices(context, voterKey, c),
      voterKey,
      credential: new Uint8Array(96),
    }
  })
  const batches = trustees.map((trustee, i) => {
    const own = trusteeSecretShare(params, result, dealings, i + 1, trustee.secret)
    assert.ok(own.ok)
    const key = {
      campaignId: CAMPAIGN,
      trustee: i + 1,
      keyShare: own.share,
      publicShare: result.publicShares[i],
    }
    return makeDecryptionShareBatch(key, ballots, 0)
  })
  return {
    campaign: {
      id: CAMPAIGN,
      ...rules,
      encryption: {
        threshold: T,
        trustees: N,
        electionKey: pointBytes(result.electionKey),
        paddedLength,
      },
    },
    trusteeKeys: trustees.map((t) => t.record),
    dealings,
    ballots,
    batches,
  }
}

function input(e: Election, batches = e.batches): ThresholdTallyInput {
  return {
    campaign: e.campaign,
    ceremony: {
      trustees: { threshold: T, trustees: N },
      trusteeKeys: e.trusteeKeys,
      dealings: e.dealings,
      complaints: [],
    },
    ballots: e.ballots,
    batches,
  }
}

/** Why a ballot was not counted ('' when it was). */
const reasonOf = (outcome: BallotOutcome) => (outcome.counted ? '' : outcome.spoiled)

function ok(tally: ReturnType<typeof thresholdTally>) {
  assert.ok(tally.ok, tally.ok ? '' : tally.error)
  return tally
}

const e = election()

test('exactly t trustees decrypt every ballot; the rule-breaking one is spoiled with its reason and not counted', () => {
  const tally = ok(thresholdTally(input(e, [e.batches[2], e.batches[0]])))
  assert.deepEqual(tally.problems, [])
  assert.ok(tally.batches.every((b) => b.valid))
  assert.deepEqual(
    tally.ballots.slice(0, 3).map((b) => (b.counted ? b.choices : null)),
    CHOICES.slice(0, 3)
  )
  assert.equal(reasonOf(tally.ballots[3]), 'rule_violation: pot 1: too_many (max 2, actual 3)')
  assert.equal(tally.counted, 3)
  assert.equal(tally.spoiled, 1)
  assert.deepEqual(tally.tallies, [
    { projectId: 1, votes: 2, points: 2 },
    { projectId: 2, votes: 0, points: 0 },
    { projectId: 3, votes: 1, points: 1 },
    { projectId: 4, votes: 1, points: 3 },
    { projectId: 5, votes: 1, points: 2 },
  ])
})

test('t − 1 trustees decrypt nothing: every ballot not_enough_shares, nothing tallied', () => {
  const tally = ok(thresholdTally(input(e, [e.batches[1]])))
  assert.ok(tally.ballots.every((b) => reasonOf(b) === 'not_enough_shares'))
  assert.equal(tally.counted, 0)
  assert.ok(tally.tallies.every((t) => t.votes === 0 && t.points === 0))
})

test('a wrong share is named with its trustee and position; the other trustees suffice', () => {
  const forged: DecryptionShareBatch = {
    ...e.batches[0],
    shares: [e.batches[0].shares[0], e.batches[0].shares[2], ...e.batches[0].shares.slice(2)],
  }
  const tally = ok(thresholdTally(input(e, [forged, e.batches[1], e.batches[2]])))
  const verdict = tally.batches[0]
  assert.deepEqual(verdict, {
    trustee: 1,
    first: 0,
    count: 4,
    valid: false,
    reason: 'invalid_shares',
    badPositions: [1],
  })
  assert.equal(describeBatchVerdict(verdict), 'shares: trustee 1 position 1 invalid')
  assert.equal(tally.counted, 3)
  // with only the forger and one other trustee, the forged position cannot be opened
  const short = ok(thresholdTally(input(e, [forged, e.batches[1]])))
  assert.equal(reasonOf(short.ballots[1]), 'not_enough_shares')
  assert.equal(short.ballots[0].counted, true)
})

test('batches for another campaign, an unknown trustee, a non-canonical range or twice are refused', () => {
  const [one] = e.batches
  const tally = ok(
    thresholdTally(
      input(e, [
        { ...one, campaignId: CAMPAIGN + 1 },
        { ...one, trustee: 4 },
        { ...one, shares: one.shares.slice(0, 3) },
        one,
        one,
      ])
    )
  )
  assert.deepEqual(
    tally.batches.map((b) => (b.valid ? 'valid' : b.reason)),
    ['wrong_campaign', 'unknown_trustee', 'wrong_range', 'valid', 'duplicate']
  )
  assert.equal(canonicalBatchCount(0, 5000), 1024)
  assert.equal(canonicalBatchCount(4096, 5000), 904)
  assert.equal(canonicalBatchCount(100, 5000), 0)
  assert.equal(canonicalBatchCount(5120, 5000), 0)
})

test('an altered dealing changes the election key: the ceremony step fails and says so', () => {
  const altered = e.dealings.map((d) => ({ ...d }))
  altered[1] = { ...altered[1], proof: altered[2].proof }
  const tally = thresholdTally({
    ...input(e),
    ceremony: { ...input(e).ceremony, dealings: altered },
  })
  assert.equal(tally.ok, false)
  assert.match(
    !tally.ok ? tally.error : '',
    /^ceremony: election key differs from the campaign tx \(qualified dealers 1, 3; dealer 2 excluded: invalid_dealing\)$/
  )
})

test('the ceremony step names a missing key, a wrong t of n and too few dealers', () => {
  const base = input(e)
  const missing = thresholdTally({
    ...base,
    ceremony: { ...base.ceremony, trusteeKeys: e.trusteeKeys.slice(1) },
  })
  assert.equal(!missing.ok && missing.error, 'ceremony: trustee 1 has no ceremony key')
  const wrongT = thresholdTally({
    ...base,
    ceremony: { ...base.ceremony, trustees: { threshold: 3, trustees: 3 } },
  })
  assert.equal(
    !wrongT.ok && wrongT.error,
    'ceremony: the trustees record says 3 of 3, the campaign tx 2 of 3'
  )
  const few = thresholdTally({
    ...base,
    ceremony: { ...base.ceremony, dealings: e.dealings.slice(0, 1) },
  })
  assert.equal(
    !few.ok && few.error,
    'ceremony: too few qualified dealers (1 of 2 needed; absent: 2, 3)'
  )
})

test('an altered ballot fails its proof: named as a problem of the ballots step and not decrypted', () => {
  const ciphertext = e.ballots[2].encrypted.ciphertext.slice()
  ciphertext[0] ^= 1
  const ballots = e.ballots.map((b) => b)
  ballots[2] = { ...ballots[2], encrypted: { ...ballots[2].encrypted, ciphertext } }
  const tally = ok(thresholdTally({ ...input(e), ballots }))
  assert.deepEqual(tally.problems, ['ballots: position 2 invalid_proof'])
  assert.equal(reasonOf(tally.ballots[2]), 'invalid_proof')
  assert.equal(tally.tallies.find((t) => t.projectId === 5)?.votes, 0)
})

test('slices: a range must be chunk-aligned, and slice tallies add up', () => {
  const tally = thresholdTally({ ...input(e), range: { first: 3, total: 7 } })
  assert.equal(tally.ok, false)
  assert.deepEqual(
    mergeTallies([
      [{ projectId: 1, votes: 1, points: 2 }],
      [
        { projectId: 2, votes: 1, points: 1 },
        { projectId: 1, votes: 2, points: 2 },
      ],
    ]),
    [
      { projectId: 1, votes: 3, points: 4 },
      { projectId: 2, votes: 1, points: 1 },
    ]
  )
})
