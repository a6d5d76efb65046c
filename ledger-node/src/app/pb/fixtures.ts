// Builders for pb transactions with real keys and signatures (tests, bench, demo scripts).
import { randomBytes } from 'node:crypto'
import { bls, keygen } from '../../crypto/bls.js'
import {
  campaignSigningMessage,
  credentialMessage,
  ballotSigningMessage,
  ed25519PublicKey,
  ed25519Sign,
  encodeBallot,
  encodeBallotTx,
  encodeCampaign,
  encodeCampaignTx,
  encodePaperBatch,
  encodePaperBatchTx,
  encodeRecordTx,
  paperBatchApprovalMessage,
  paperBatchOperatorMessage,
  recordPayloadToCbor,
  recordSigningMessage,
  type Campaign,
  type Choice,
  type PaperBatch,
  type RecordPayload,
} from './codec.js'
import { encodeCbor } from '../../codec/cbor.js'
import {
  campaignPaddedLength,
  encodeEncryptedBallot,
  type EncryptedChoices,
} from '@civic-budget/protocol/encrypted_ballot'
import {
  encodeThresholdRecord,
  type ThresholdRecord,
} from '@civic-budget/protocol/threshold_records'

export interface Admin {
  seed: Uint8Array
  publicKey: Uint8Array
}

export function makeAdmin(seed: Uint8Array = randomBytes(32)): Admin {
  return { seed, publicKey: ed25519PublicKey(seed) }
}

export function makeRegistrar(seed: Uint8Array = randomBytes(32)): {
  sk: Uint8Array
  pk: Uint8Array
} {
  const sk = keygen(seed)
  return { sk, pk: bls.publicKey(sk) }
}

export function demoCampaign(
  id: number,
  registrarPk: Uint8Array,
  opensAtMs = 0,
  closesAtMs = 4_102_444_800_000
): Campaign {
  return {
    id,
    registrarPublicKey: registrarPk,
    votingOpensAtMs: opensAtMs,
    votingClosesAtMs: closesAtMs,
    pots: [
      { id: 1, budget: 500_000, rule: { kind: 'approval', minSelections: 1, maxSelections: 3 } },
      { id: 2, budget: 300_000, rule: { kind: 'knapsack', minSharePercent: 0 } },
      { id: 3, budget: 0, rule: { kind: 'cumulative', points: 5, maxPerProject: 3 } },
      { id: 4, budget: 0, rule: { kind: 'ranked', maxRanks: 2 } },
    ],
    projects: [
      { id: 11, cost: 100_000, potId: 1 },
      { id: 12, cost: 200_000, potId: 1 },
      { id: 13, cost: 50_000, potId: 1 },
      { id: 14, cost: 9_000, potId: 1 },
      { id: 21, cost: 200_000, potId: 2 },
      { id: 22, cost: 150_000, potId: 2 },
      { id: 31, cost: 1, potId: 3 },
      { id: 32, cost: 1, potId: 3 },
      { id: 41, cost: 1, potId: 4 },
      { id: 42, cost: 1, potId: 4 },
      { id: 43, cost: 1, potId: 4 },
    ],
  }
}

/** `demoCampaign` made encrypted: t of n trustees, their election key, the least padding that fits. */
export function encryptedDemoCampaign(
  id: number,
  registrarPk: Uint8Array,
  encryption: { threshold: number; trustees: number; electionKey: Uint8Array },
  opensAtMs?: number,
  closesAtMs?: number
): Campaign {
  const c = demoCampaign(id, registrarPk, opensAtMs, closesAtMs)
  return { ...c, encryption: { ...encryption, paddedLength: campaignPaddedLength(c) } }
}

export function campaignTx(admin: Admin, c: Campaign): Uint8Array {
  const bytes = encodeCampaign(c)
  return encodeCampaignTx(
    bytes,
    admin.publicKey,
    ed25519Sign(admin.seed, campaignSigningMessage(bytes))
  )
}

export interface Voter {
  seed: Uint8Array
  publicKey: Uint8Array
}

export function makeVoter(seed: Uint8Array = randomBytes(32)): Voter {
  return { seed, publicKey: ed25519PublicKey(seed) }
}

/** A ballot tx; `opts.badSignature` / `opts.badCredential` corrupt one signature for negative tests. */
export function ballotTx(
  registrarSk: Uint8Array,
  campaignId: number,
  voter: Voter,
  choices: Choice[],
  opts: { badSignature?: boolean; badCredential?: boolean } = {}
): { tx: Uint8Array; ballotBytes: Uint8Array } {
  const credential = bls.sign(registrarSk, credentialMessage(campaignId, voter.publicKey))
  if (opts.badCredential) credential[5]! ^= 1
  const ballotBytes = encodeBallot({ campaignId, choices, voterKey: voter.publicKey, credential })
  const sig = ed25519Sign(voter.seed, ballotSigningMessage(ballotBytes))
  if (opts.badSignature) sig[7]! ^= 1
  return { tx: encodeBallotTx(ballotBytes, sig), ballotBytes }
}

export const DEMO_CHOICES: Choice[] = [
  { projectId: 11, weight: 1 },
  { projectId: 13, weight: 1 },
  { projectId: 22, weight: 1 },
  { projectId: 31, weight: 3 },
  { projectId: 32, weight: 2 },
  { projectId: 41, weight: 2 },
  { projectId: 43, weight: 1 },
]

/** A ballot v2 tx: the encrypted choices, a credential for the voter key, the voter's signature. */
export function encryptedBallotTx(
  registrarSk: Uint8Array,
  campaignId: number,
  voter: Voter,
  encrypted: EncryptedChoices,
  opts: { badCredential?: boolean } = {}
): Uint8Array {
  const credential = bls.sign(registrarSk, credentialMessage(campaignId, voter.publicKey))
  if (opts.badCredential) credential[5]! ^= 1
  const ballotBytes = encodeEncryptedBallot({
    campaignId,
    encrypted,
    voterKey: voter.publicKey,
    credential,
  })
  return encodeBallotTx(ballotBytes, ed25519Sign(voter.seed, ballotSigningMessage(ballotBytes)))
}

/** A threshold-encryption record tx (trustees, ceremony, decryption shares) signed by `admin`. */
export function thresholdRecordTx(admin: Admin, record: ThresholdRecord): Uint8Array {
  return recordBytesTx(admin, record.kind, encodeThresholdRecord(record))
}

/** A record tx over any payload bytes (for tests that build or damage payloads themselves). */
export function recordBytesTx(
  admin: Admin,
  kind: RecordPayload['kind'],
  payloadBytes: Uint8Array
): Uint8Array {
  const sig = ed25519Sign(admin.seed, recordSigningMessage(kind, payloadBytes))
  return encodeRecordTx(kind, payloadBytes, admin.publicKey, sig)
}

/** A platform record tx signed by `admin`. */
export function recordTx(admin: Admin, record: RecordPayload): Uint8Array {
  return recordBytesTx(admin, record.kind, encodeCbor(recordPayloadToCbor(record)))
}

/** A paper-batch tx signed by `operator` and approved by `admin`. */
export function paperBatchTx(admin: Admin, operator: Admin, batch: PaperBatch): Uint8Array {
  const batchBytes = encodePaperBatch(batch)
  return encodePaperBatchTx(
    batchBytes,
    operator.publicKey,
    ed25519Sign(operator.seed, paperBatchOperatorMessage(batchBytes)),
    admin.publicKey,
    ed25519Sign(admin.seed, paperBatchApprovalMessage(batchBytes, operator.publicKey))
  )
}
