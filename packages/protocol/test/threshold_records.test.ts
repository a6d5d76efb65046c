/**
 * The threshold-encryption records as ledger txs (threshold_records.ts): every ceremony and decryption
 * record travels as an admin-countersigned record tx and decodes back to the same record; an
 * encrypted campaign carries its parameters in the campaign tx and refuses padding too small for its
 * ballots; a ballot v2 tx decodes as `encrypted-ballot`. Junk is refused with a reason, never thrown
 * past the decoder's error type.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ed25519 } from '@noble/curves/ed25519.js'
import { encodeBallotTx as ballotTx } from '../src/pb.js'
import { bytesToHex, equalBytes } from '../src/bytes.js'
import { campaignPaddedLength } from '../src/encrypted_ballot.js'
import { pointBytes } from '../src/ristretto.js'
import {
  decodeLedgerTx,
  encodeCampaign,
  encodeCampaignTx,
  encodeRecordBytesTx,
  encodeThresholdRecord,
  LedgerTxError,
  type CampaignDefinition,
  type ThresholdRecord,
} from '../src/tx.js'
import { thresholdScenario, SCENARIO_CAMPAIGN, SCENARIO_PROJECTS } from './threshold_scenario.js'

const adminSecret = new Uint8Array(32).fill(9)
const scenario = thresholdScenario()

function campaign(paddedLength: number, electionKey = pointBytes(scenario.result.electionKey)) {
  const definition: CampaignDefinition = {
    id: SCENARIO_CAMPAIGN,
    registrarPublicKey: 'aa'.repeat(48),
    votingOpensAtMs: 1_000,
    votingClosesAtMs: 2_000,
    pots: [{ id: 1, budget: 100, rule: { kind: 'approval', minSelections: 1, maxSelections: 5 } }],
    projects: SCENARIO_PROJECTS.map((id) => ({ id, cost: 10, potId: 1 })),
    encryption: { threshold: 2, trustees: 3, electionKey: bytesToHex(electionKey), paddedLength },
  }
  return definition
}

test('every ceremony and decryption record travels as a record tx and decodes to itself', () => {
  const records: ThresholdRecord[] = [
    { kind: 'trustees', campaignId: SCENARIO_CAMPAIGN, threshold: 2, trustees: 3 },
    ...scenario.trustees.map((t) => ({
      kind: 'trustee-key' as const,
      campaignId: SCENARIO_CAMPAIGN,
      key: t.record,
    })),
    ...scenario.dealings.map((dealing) => ({
      kind: 'dkg-dealing' as const,
      campaignId: SCENARIO_CAMPAIGN,
      dealing,
    })),
    { kind: 'dkg-complaint', campaignId: SCENARIO_CAMPAIGN, complaint: scenario.complaint },
    ...scenario.batches.map((batch) => ({
      kind: 'decryption-shares' as const,
      campaignId: SCENARIO_CAMPAIGN,
      batch,
    })),
  ]
  for (const record of records) {
    const payload = encodeThresholdRecord(record)
    const tx = decodeLedgerTx(encodeRecordBytesTx(record.kind, payload, adminSecret))
    assert.equal(tx.kind, record.kind)
    if (tx.kind !== record.kind || !('payloadBytes' in tx)) throw new Error('not a record tx')
    assert.ok(equalBytes(tx.payloadBytes, payload))
    assert.equal(tx.record.campaignId, SCENARIO_CAMPAIGN)
    assert.ok(equalBytes(tx.adminKey, ed25519.getPublicKey(adminSecret)))
    assert.ok(equalBytes(encodeThresholdRecord(tx.record as ThresholdRecord), payload))
  }
})

test('a trustees record needs 1 ≤ t ≤ n ≤ 64; a ceremony record of another kind is refused', () => {
  const bad = (threshold: number, trustees: number) =>
    encodeRecordBytesTx(
      'trustees',
      new Uint8Array([0x84, 0x01, 0x07, threshold, trustees]),
      adminSecret
    )
  assert.throws(() => decodeLedgerTx(bad(3, 2)), LedgerTxError)
  assert.throws(() => decodeLedgerTx(bad(0, 2)), LedgerTxError)
  assert.equal(decodeLedgerTx(bad(2, 2)).kind, 'trustees')
  // a dealing's bytes presented as a trustee key
  const dealing = encodeThresholdRecord({
    kind: 'dkg-dealing',
    campaignId: SCENARIO_CAMPAIGN,
    dealing: scenario.dealings[0],
  })
  assert.throws(
    () => decodeLedgerTx(encodeRecordBytesTx('trustee-key', dealing, adminSecret)),
    LedgerTxError
  )
})

test('an encrypted campaign carries t, n, the election key and a padding that fits every ballot', () => {
  const least = campaignPaddedLength(campaign(3))
  const tx = decodeLedgerTx(encodeCampaignTx(encodeCampaign(campaign(least + 10)), adminSecret))
  assert.equal(tx.kind, 'campaign')
  if (tx.kind !== 'campaign') return
  assert.deepEqual(tx.campaign.encryption, {
    threshold: 2,
    trustees: 3,
    electionKey: bytesToHex(pointBytes(scenario.result.electionKey)),
    paddedLength: least + 10,
  })
  assert.equal(tx.campaign.minorDigits, 2, 'written explicitly when encryption follows')
  const refused = (definition: CampaignDefinition) => () =>
    decodeLedgerTx(encodeCampaignTx(encodeCampaign(definition), adminSecret))
  assert.throws(refused(campaign(least - 1)), /paddedLength/)
  assert.throws(refused(campaign(least, new Uint8Array(32))), /identity/)
  assert.throws(refused(campaign(least, new Uint8Array(32).fill(0xff))), /ristretto255/)
  assert.throws(
    refused({ ...campaign(least), encryption: { ...campaign(least).encryption!, threshold: 4 } }),
    /threshold/
  )
})

test('a ballot v2 tx decodes as an encrypted ballot; junk v2 bytes are malformed', () => {
  const tx = decodeLedgerTx(ballotTx(scenario.ballotBytes[0], scenario.signatures[0]))
  assert.equal(tx.kind, 'encrypted-ballot')
  if (tx.kind !== 'encrypted-ballot') return
  assert.ok(equalBytes(tx.ballot.voterKey, scenario.voters[0].publicKey))
  const junk = scenario.ballotBytes[0].slice()
  junk[junk.length - 100] ^= 0xff // inside the credential or ciphertext: still decodes
  assert.equal(decodeLedgerTx(ballotTx(junk, scenario.signatures[0])).kind, 'encrypted-ballot')
  const truncated = scenario.ballotBytes[0].slice(0, 40)
  assert.throws(() => decodeLedgerTx(ballotTx(truncated, scenario.signatures[0])), LedgerTxError)
})
