import { ed25519 } from '@noble/curves/ed25519.js'
import { hexToBytes } from './bytes.js'
import { cborDecode, cborEncode, type CborValue } from './cbor.js'
import {
  campaignSigningMessage,
  encodeCampaign as encodeCampaignBytes,
  encodeCampaignTx as assembleCampaignTx,
  encodePaperBatch as encodePaperBatchBytes,
  encodePaperBatchTx as assemblePaperBatchTx,
  encodeRecordTx as assembleRecordTx,
  paperBatchApprovalMessage,
  paperBatchOperatorMessage,
  recordSigningMessage,
  type PaperBatch,
  type RecordKind,
} from './pb.js'
export {
  encodeThresholdRecord,
  THRESHOLD_RECORD_KINDS,
  type CampaignEncryption,
  type ThresholdRecord,
  type ThresholdRecordKind,
} from './threshold_records.js'
import type { BallotRule } from './rules.js'

/*
| The app's side of the `pb` tx kinds (ledger-node/README.md "Transaction payloads"): encoders that take
| app-shaped values (keys as hex, any order) and secret keys, and sign. The bytes are the replicas'
| codec's (`pb.ts`, the one encoder and decoder), so they are accepted byte for byte.
|
|   campaignBytes = CBOR [1, campaignId, registrarPublicKey(48), votingOpensAtMs, votingClosesAtMs,
|                         [[potId, budget, rule]…] ascending, [[projectId, cost, potId]…] ascending]
|   campaign tx   = CBOR [1, "campaign", campaignBytes, adminKey(32), Ed25519 signature(64)]
|                   over "civic-budget/campaign/v1" ‖ 0x00 ‖ campaignBytes
|   record tx     = CBOR [1, kind, payloadBytes, adminKey(32), Ed25519 signature(64)]
|                   over "civic-budget/<kind>/v1" ‖ 0x00 ‖ payloadBytes
|   paper batch   = CBOR [1, "paper-batch", batchBytes, operatorKey, operatorSig, adminKey, adminSig]
|                   batchBytes = CBOR [1, campaignId, station, batchNo, [[sheetNo, choices]…] ascending]
*/
export {
  campaignSigningMessage,
  paperBatchApprovalMessage,
  paperBatchOperatorMessage,
  RECORD_KINDS,
  recordSigningMessage,
  type PaperBatch,
  type RecordKind,
  type Sheet as PaperSheet,
} from './pb.js'

export interface CampaignDefinition {
  id: number
  registrarPublicKey: string
  votingOpensAtMs: number
  votingClosesAtMs: number
  pots: { id: number; budget: number; rule: BallotRule; minSupport?: number }[]
  projects: { id: number; cost: number; potId: number }[]
  /** Decimal places of the currency (absent = 2). */
  minorDigits?: number
  /** An encrypted campaign: the key ceremony's result (threshold_records.ts `CampaignEncryption`). */
  encryption?: {
    threshold: number
    trustees: number
    /** hex, 32 bytes: the election key PK. */
    electionKey: string
    paddedLength: number
  }
}

const byId = <T extends { id: number }>(items: readonly T[]) =>
  [...items].sort((a, b) => a.id - b.id)

export function encodeCampaign(c: CampaignDefinition): Uint8Array {
  return encodeCampaignBytes({
    id: c.id,
    registrarPublicKey: hexToBytes(c.registrarPublicKey, 48),
    votingOpensAtMs: c.votingOpensAtMs,
    votingClosesAtMs: c.votingClosesAtMs,
    pots: byId(c.pots).map((p) => ({
      id: p.id,
      budget: p.budget,
      rule: p.rule,
      minSupport: p.minSupport,
    })),
    projects: byId(c.projects).map((p) => ({ id: p.id, cost: p.cost, potId: p.potId })),
    minorDigits: c.minorDigits,
    encryption: c.encryption && {
      ...c.encryption,
      electionKey: hexToBytes(c.encryption.electionKey, 32),
    },
  })
}

export function encodeCampaignTx(
  campaignBytes: Uint8Array,
  adminSecretKey: Uint8Array
): Uint8Array {
  const signature = ed25519.sign(campaignSigningMessage(campaignBytes), adminSecretKey)
  return assembleCampaignTx(campaignBytes, ed25519.getPublicKey(adminSecretKey), signature)
}

/** The `kind` of tx bytes `[1, kind, …]`; throws on anything else. */
export function txKindOf(txBytes: Uint8Array): string {
  const value = cborDecode(txBytes)
  if (!Array.isArray(value) || value[0] !== 1 || typeof value[1] !== 'string') {
    throw new Error('tx must be CBOR [1, kind, payload…]')
  }
  return value[1]
}

export function encodeRecordTx(
  kind: RecordKind,
  payload: CborValue,
  adminSecretKey: Uint8Array
): Uint8Array {
  return encodeRecordBytesTx(kind, cborEncode(payload), adminSecretKey)
}

/** A record tx over payload bytes that are already encoded (the ceremony's and decryption's records). */
export function encodeRecordBytesTx(
  kind: RecordKind,
  payloadBytes: Uint8Array,
  adminSecretKey: Uint8Array
): Uint8Array {
  const signature = ed25519.sign(recordSigningMessage(kind, payloadBytes), adminSecretKey)
  return assembleRecordTx(kind, payloadBytes, ed25519.getPublicKey(adminSecretKey), signature)
}

/** Sheets sorted by number and choices by project (the replicas refuse any other order). */
export function encodePaperBatch(batch: PaperBatch): Uint8Array {
  return encodePaperBatchBytes({
    ...batch,
    sheets: [...batch.sheets]
      .sort((a, b) => a.sheetNo - b.sheetNo)
      .map((sheet) => ({
        sheetNo: sheet.sheetNo,
        choices: [...sheet.choices].sort((a, b) => a.projectId - b.projectId),
      })),
  })
}

export function encodePaperBatchTx(
  batchBytes: Uint8Array,
  operatorSecretKey: Uint8Array,
  adminSecretKey: Uint8Array
): Uint8Array {
  const operatorKey = ed25519.getPublicKey(operatorSecretKey)
  return assemblePaperBatchTx(
    batchBytes,
    operatorKey,
    ed25519.sign(paperBatchOperatorMessage(batchBytes), operatorSecretKey),
    ed25519.getPublicKey(adminSecretKey),
    ed25519.sign(paperBatchApprovalMessage(batchBytes, operatorKey), adminSecretKey)
  )
}

// Decoding of every kind lives next door (tx_decode.ts); re-exported so `@civic-budget/protocol/tx` is the one surface.
export {
  decodeCampaignTx,
  decodeLedgerTx,
  LedgerTxError,
  type CampaignTx,
  type LedgerTx,
  type RecordPayload,
} from './tx_decode.js'
