/**
 * The encrypted part of `ledger:audit` on records built in-process (the replicas refuse encrypted
 * txs until their checks land, so no chain carries them yet): the records are real signed txs
 * decoded by the replicas' codec, as `executeChain` hands them over. With every record intact the
 * audit decrypts and tallies; an altered share, dealing or ballot makes it fail naming the step.
 */
import { test } from '@japa/runner'
import { ed25519 } from '@noble/curves/ed25519.js'
import { decodePbTx, type Campaign } from '@civic-budget/ledger-node/pb'
import { cborEncode } from '@civic-budget/protocol/cbor'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import { encodeEncryptedBallot } from '@civic-budget/protocol/encrypted_ballot'
import {
  encodeThresholdRecord,
  type ThresholdRecord,
} from '@civic-budget/protocol/threshold_records'
import { encodeCampaign, encodeCampaignTx, encodeRecordBytesTx } from '@civic-budget/protocol/tx'
import { signBallot } from '@civic-budget/protocol/ballot'
import { tallyChoices, tallyHash } from '#outcomes/platform/tally_hash'
import { auditEncrypted, encryptedRecordsOf } from '#outcomes/audit/encrypted'
import type { ExecutedTx } from '#outcomes/audit/execute_chain'
import {
  makeElection,
  trusteeBatches,
  withWrongShare,
  type Election,
} from '#tests/helpers/decryption/election'

const CAMPAIGN = 9
const ADMIN = ed25519.utils.randomSecretKey()
const RULE = { kind: 'approval' as const, minSelections: 0, maxSelections: 2 }
const CHOICES = [[11], [11, 12], [13], [11, 12, 13], [12]].map((ids) =>
  ids.map((projectId) => ({ projectId, weight: 1 }))
)

const election = makeElection(
  {
    campaignId: CAMPAIGN,
    threshold: 2,
    trustees: 3,
    pots: [{ id: 1, budget: 1000, rule: RULE }],
    projects: [11, 12, 13].map((id) => ({ id, cost: 100, potId: 1 })),
  },
  CHOICES
)

function campaignOf(e: Election): Campaign {
  const tx = decodePbTx(
    encodeCampaignTx(
      encodeCampaign({
        id: CAMPAIGN,
        registrarPublicKey: '00'.repeat(48),
        votingOpensAtMs: 1,
        votingClosesAtMs: 2,
        pots: e.shape.pots,
        projects: e.shape.projects,
        encryption: { ...e.encryption, electionKey: bytesToHex(e.encryption.electionKey) },
      }),
      ADMIN
    )
  )
  if (tx.kind !== 'campaign') throw new Error('campaign tx')
  return tx.campaign
}

const recordTx = (record: ThresholdRecord): ExecutedTx => ({
  height: 3,
  tx: decodePbTx(encodeRecordBytesTx(record.kind, encodeThresholdRecord(record), ADMIN)),
  refused: null,
})

/** The chain's txs: the trustees record, keys, dealings, the ballots, then the share batches. */
function chainTxs(e: Election, batches = [1, 2].flatMap((i) => trusteeBatches(e, i))) {
  const ballotTxs = e.ballots.map((ballot, v): ExecutedTx => ({
    height: 5,
    tx: decodePbTx(
      cborEncode([1, 'ballot', encodeEncryptedBallot(ballot), signBallot(ADMIN, e.ballotBytes[v])])
    ),
    refused: null,
  }))
  return [
    recordTx({ kind: 'trustees', campaignId: CAMPAIGN, threshold: 2, trustees: 3 }),
    ...e.trusteeKeys.map((key) => recordTx({ kind: 'trustee-key', campaignId: CAMPAIGN, key })),
    ...e.dealings.map((dealing) =>
      recordTx({ kind: 'dkg-dealing', campaignId: CAMPAIGN, dealing })
    ),
    ...ballotTxs,
    ...batches.map((batch) => recordTx({ kind: 'decryption-shares', campaignId: CAMPAIGN, batch })),
  ]
}

const honestHash = tallyHash(
  CAMPAIGN,
  tallyChoices(
    [11, 12, 13],
    CHOICES.filter((_, v) => v !== 3).map((c) => c.map((x) => [x.projectId, x.weight] as const))
  )
)

test.group('Audit · encrypted campaign', () => {
  test('intact records: the ceremony, every proof and batch check out, and the ballots are decrypted and tallied', ({
    assert,
  }) => {
    const audit = auditEncrypted(
      campaignOf(election),
      encryptedRecordsOf(chainTxs(election), CAMPAIGN)
    )
    assert.deepEqual(audit.differences, [])
    assert.deepEqual(audit.lines, [
      'ceremony: 2 of 3 trustees, qualified dealers 1, 2, 3; the election key matches the campaign tx',
      'ballots: 5 encrypted ballots, every proof valid',
      'shares: 2 of 2 batches valid (trustees 1, 2)',
      'decrypted: 4 ballots counted, 1 not (1 rule_violation: pot 1: too_many (max 2, actual 3))',
    ])
    assert.equal(audit.undecrypted, 0)
    assert.equal(tallyHash(CAMPAIGN, audit.tallies), honestHash)
  })

  test('a restarted ceremony: only the records after the last ceremony-restart make the key', ({
    assert,
  }) => {
    const abandoned = makeElection(
      { ...election.shape, campaignId: CAMPAIGN, threshold: 2, trustees: 3 },
      []
    )
    const rest = chainTxs(election).slice(1) // the honest ceremony, without its trustees record
    const before = [
      recordTx({ kind: 'trustees', campaignId: CAMPAIGN, threshold: 3, trustees: 3 }),
      ...abandoned.trusteeKeys.map((key) =>
        recordTx({ kind: 'trustee-key', campaignId: CAMPAIGN, key })
      ),
      recordTx({ kind: 'dkg-dealing', campaignId: CAMPAIGN, dealing: abandoned.dealings[0] }),
    ]
    const restart = recordTx({
      kind: 'ceremony-restart',
      campaignId: CAMPAIGN,
      restart: 1,
      threshold: 2,
      trustees: 3,
    })
    const audit = auditEncrypted(
      campaignOf(election),
      encryptedRecordsOf([...before, restart, ...rest], CAMPAIGN)
    )
    assert.deepEqual(audit.differences, [])
    assert.equal(tallyHash(CAMPAIGN, audit.tallies), honestHash)
    // without the restart the abandoned ceremony's records are mixed in: the audit says so
    const mixed = auditEncrypted(
      campaignOf(election),
      encryptedRecordsOf([...before, ...rest], CAMPAIGN)
    )
    assert.lengthOf(mixed.differences, 1)
    assert.match(mixed.differences[0], /^ceremony: /)
  })

  test('refused txs and other campaigns are not read', ({ assert }) => {
    const txs = chainTxs(election).map((t, i) => (i === 0 ? { ...t, refused: 'not_supported' } : t))
    const audit = auditEncrypted(campaignOf(election), encryptedRecordsOf(txs, CAMPAIGN))
    assert.deepEqual(audit.differences, ['ceremony: no trustees record on the ledger'])
    assert.deepEqual(encryptedRecordsOf(chainTxs(election), CAMPAIGN + 1).ballots, [])
  })

  test('an altered share: its trustee is named, the ballot cannot be decrypted and the tally hash differs', ({
    assert,
  }) => {
    const [one] = trusteeBatches(election, 1)
    const [two] = trusteeBatches(election, 2)
    const txs = chainTxs(election, [one, withWrongShare(two, 1)])
    const audit = auditEncrypted(campaignOf(election), encryptedRecordsOf(txs, CAMPAIGN))
    assert.include(audit.lines, 'shares: trustee 2 position 1 invalid')
    assert.equal(audit.undecrypted, 1)
    assert.notEqual(tallyHash(CAMPAIGN, audit.tallies), honestHash)
    // a third trustee's batch makes up for it
    const [three] = trusteeBatches(election, 3)
    const healed = auditEncrypted(
      campaignOf(election),
      encryptedRecordsOf(chainTxs(election, [one, withWrongShare(two, 1), three]), CAMPAIGN)
    )
    assert.equal(healed.undecrypted, 0)
    assert.equal(tallyHash(CAMPAIGN, healed.tallies), honestHash)
  })

  test('an altered dealing: the ceremony step fails, its election key differs from the campaign tx', ({
    assert,
  }) => {
    const altered = { ...election, dealings: [...election.dealings] }
    altered.dealings[0] = { ...altered.dealings[0], proof: altered.dealings[1].proof }
    const audit = auditEncrypted(
      campaignOf(election),
      encryptedRecordsOf(chainTxs(altered), CAMPAIGN)
    )
    assert.deepEqual(audit.differences, [
      'ceremony: election key differs from the campaign tx (qualified dealers 2, 3; dealer 1 excluded: invalid_dealing)',
    ])
    assert.deepEqual(audit.tallies, [])
  })

  test('an altered ballot: the ballots step names its position and it is not counted', ({
    assert,
  }) => {
    const ballots = [...election.ballots]
    const ciphertext = ballots[2].encrypted.ciphertext.slice()
    ciphertext[5] ^= 0x40
    ballots[2] = { ...ballots[2], encrypted: { ...ballots[2].encrypted, ciphertext } }
    const altered = { ...election, ballots }
    const audit = auditEncrypted(
      campaignOf(election),
      encryptedRecordsOf(chainTxs(altered), CAMPAIGN)
    )
    assert.deepEqual(audit.differences, ['ballots: position 2 invalid_proof'])
    assert.notEqual(tallyHash(CAMPAIGN, audit.tallies), honestHash)
  })
})
