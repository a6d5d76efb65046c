import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex, domainMessage, hexToBytes } from './bytes.js'
import { cborDecode, cborEncode, type CborValue } from './cbor.js'
import type { BallotRule } from './rules.js'
import { TAG_CAMPAIGN, TAG_PAPER_BATCH, TAG_PAPER_BATCH_APPROVAL, recordTag } from './tags.js'

/*
| Tx codecs of the `pb` app (ledger-node/README.md "Transaction payloads"), byte-identical to
| ledger-node/src/app/pb/codec.ts: canonical CBOR arrays, `[1, kind, payload…]`.
|
|   campaignBytes = CBOR [1, campaignId, registrarPublicKey(48), votingOpensAtMs, votingClosesAtMs,
|                         [[potId, budget, rule]…] ascending, [[projectId, cost, potId]…] ascending]
|   campaign tx   = CBOR [1, "campaign", campaignBytes, adminKey(32), Ed25519 signature(64)]
|                   over "civic-budget/campaign/v1" ‖ 0x00 ‖ campaignBytes
*/

export interface CampaignDefinition {
  id: number
  registrarPublicKey: string
  votingOpensAtMs: number
  votingClosesAtMs: number
  pots: { id: number; budget: number; rule: BallotRule }[]
  projects: { id: number; cost: number; potId: number }[]
}

function ruleToCbor(rule: BallotRule): CborValue {
  switch (rule.kind) {
    case 'approval':
      return ['approval', rule.minSelections, rule.maxSelections]
    case 'knapsack':
      return ['knapsack', rule.minSharePercent]
    case 'cumulative':
      return ['cumulative', rule.points, rule.maxPerProject]
    case 'ranked':
      return ['ranked', rule.maxRanks]
  }
}

export function encodeCampaign(c: CampaignDefinition): Uint8Array {
  const pots = [...c.pots].sort((a, b) => a.id - b.id)
  const projects = [...c.projects].sort((a, b) => a.id - b.id)
  return cborEncode([
    1,
    c.id,
    hexToBytes(c.registrarPublicKey, 48),
    c.votingOpensAtMs,
    c.votingClosesAtMs,
    pots.map((p) => [p.id, p.budget, ruleToCbor(p.rule)]),
    projects.map((p) => [p.id, p.cost, p.potId]),
  ])
}

export function campaignSigningMessage(campaignBytes: Uint8Array): Uint8Array {
  return domainMessage(TAG_CAMPAIGN, campaignBytes)
}

export function encodeCampaignTx(
  campaignBytes: Uint8Array,
  adminSecretKey: Uint8Array
): Uint8Array {
  const adminKey = ed25519.getPublicKey(adminSecretKey)
  const signature = ed25519.sign(campaignSigningMessage(campaignBytes), adminSecretKey)
  return cborEncode([1, 'campaign', campaignBytes, adminKey, signature])
}

function ruleFromCbor(value: unknown): BallotRule {
  const [kind, a, b] = value as [string, number, number]
  if (kind === 'approval') return { kind, minSelections: a, maxSelections: b }
  if (kind === 'knapsack') return { kind, minSharePercent: a }
  if (kind === 'cumulative') return { kind, points: a, maxPerProject: b }
  if (kind === 'ranked') return { kind, maxRanks: a }
  throw new Error(`unknown ballot rule ${String(kind)}`)
}

export interface CampaignTx {
  definition: CampaignDefinition
  campaignBytes: Uint8Array
  adminKey: Uint8Array
  signature: Uint8Array
}

/** The inverse of encodeCampaignTx (shape only: signatures are the caller's to check). */
export function decodeCampaignTx(txBytes: Uint8Array): CampaignTx {
  const tx = cborDecode(txBytes) as unknown[]
  if (!Array.isArray(tx) || tx[0] !== 1 || tx[1] !== 'campaign' || tx.length !== 5) {
    throw new Error('not a campaign tx')
  }
  const [, , campaignBytes, adminKey, signature] = tx as [
    1,
    string,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ]
  const c = cborDecode(campaignBytes) as unknown[]
  const [, id, registrar, opens, closes, pots, projects] = c as [
    1,
    number,
    Uint8Array,
    number,
    number,
    [number, number, unknown][],
    [number, number, number][],
  ]
  return {
    campaignBytes,
    adminKey,
    signature,
    definition: {
      id,
      registrarPublicKey: bytesToHex(registrar),
      votingOpensAtMs: opens,
      votingClosesAtMs: closes,
      pots: pots.map(([potId, budget, rule]) => ({ id: potId, budget, rule: ruleFromCbor(rule) })),
      projects: projects.map(([projectId, cost, potId]) => ({ id: projectId, cost, potId })),
    },
  }
}

/** The `kind` of tx bytes `[1, kind, …]`; throws on anything else. */
export function txKindOf(txBytes: Uint8Array): string {
  const value = cborDecode(txBytes)
  if (!Array.isArray(value) || value[0] !== 1 || typeof value[1] !== 'string') {
    throw new Error('tx must be CBOR [1, kind, payload…]')
  }
  return value[1]
}

/*
| Platform records (ledger-node/README.md "Platform records"): facts the platform publishes, signed
| by the admin key (listed in genesis `admins`):
|
|   record tx = CBOR [1, kind, payloadBytes, adminKey(32), Ed25519 signature(64)]
|               over "civic-budget/<kind>/v1" ‖ 0x00 ‖ payloadBytes
|
| `paper-batch` is not one of them: it also carries the operator's signature (its own codec).
*/
export const RECORD_KINDS = ['support', 'attachment', 'credentials-issued', 'outcome'] as const
export type RecordKind = (typeof RECORD_KINDS)[number]

export function recordSigningMessage(kind: RecordKind, payloadBytes: Uint8Array): Uint8Array {
  return domainMessage(recordTag(kind), payloadBytes)
}

export function encodeRecordTx(
  kind: RecordKind,
  payload: CborValue,
  adminSecretKey: Uint8Array
): Uint8Array {
  const payloadBytes = cborEncode(payload)
  const adminKey = ed25519.getPublicKey(adminSecretKey)
  const signature = ed25519.sign(recordSigningMessage(kind, payloadBytes), adminSecretKey)
  return cborEncode([1, kind, payloadBytes, adminKey, signature])
}

/*
| paper-batch (ledger-node/README.md "paper-batch"): one polling station's paper ballots, signed by
| the operator who imported them and approved by the admin key.
|
|   batchBytes = CBOR [1, campaignId, station (1..128 bytes), batchNo, [[sheetNo, choices]…] ascending]
|   tx         = CBOR [1, "paper-batch", batchBytes, operatorKey, operatorSig, adminKey, adminSig]
|   operatorSig over "civic-budget/paper-batch/v1" ‖ 0x00 ‖ batchBytes
|   adminSig    over "civic-budget/paper-batch-approval/v1" ‖ 0x00 ‖ batchBytes ‖ operatorKey
*/

export interface PaperSheet {
  sheetNo: number
  /** `weight` as on a ballot: 1 for approval/knapsack, points, or rank. */
  choices: { projectId: number; weight: number }[]
}

export interface PaperBatch {
  campaignId: number
  station: string
  batchNo: number
  sheets: PaperSheet[]
}

const byNumber =
  <T>(key: (t: T) => number) =>
  (a: T, b: T) =>
    key(a) - key(b)

/** Sheets sorted by number and choices by project (the node refuses any other order). */
export function encodePaperBatch(batch: PaperBatch): Uint8Array {
  const sheets = [...batch.sheets].sort(byNumber((s) => s.sheetNo))
  return cborEncode([
    1,
    batch.campaignId,
    batch.station,
    batch.batchNo,
    sheets.map((s) => [
      s.sheetNo,
      [...s.choices].sort(byNumber((c) => c.projectId)).map((c) => [c.projectId, c.weight]),
    ]),
  ])
}

export function paperBatchOperatorMessage(batchBytes: Uint8Array): Uint8Array {
  return domainMessage(TAG_PAPER_BATCH, batchBytes)
}

export function paperBatchApprovalMessage(
  batchBytes: Uint8Array,
  operatorKey: Uint8Array
): Uint8Array {
  return domainMessage(TAG_PAPER_BATCH_APPROVAL, batchBytes, operatorKey)
}

export function encodePaperBatchTx(
  batchBytes: Uint8Array,
  operatorSecretKey: Uint8Array,
  adminSecretKey: Uint8Array
): Uint8Array {
  const operatorKey = ed25519.getPublicKey(operatorSecretKey)
  const adminKey = ed25519.getPublicKey(adminSecretKey)
  return cborEncode([
    1,
    'paper-batch',
    batchBytes,
    operatorKey,
    ed25519.sign(paperBatchOperatorMessage(batchBytes), operatorSecretKey),
    adminKey,
    ed25519.sign(paperBatchApprovalMessage(batchBytes, operatorKey), adminSecretKey),
  ])
}

// Decoding of every kind lives next door (tx_decode.ts); re-exported so `@civic-budget/protocol/tx` is the one surface.
export { decodeLedgerTx, LedgerTxError, type LedgerTx, type RecordPayload } from './tx_decode.js'
