import { cborDecode, type CborValue } from './cbor.js'
import { bytesToHex, utf8 } from './bytes.js'
import { decodeBallotTx, type Ballot } from './ballot.js'
import type { BallotRule } from './rules.js'
import { CHOICES_MAX, PAPER_BATCH_BYTES_MAX, SHEETS_MAX, STATION_BYTES_MAX } from './limits.js'
import { RECORD_KINDS, type CampaignDefinition, type PaperBatch, type RecordKind } from './tx.js'

/*
| Decoding of every `pb` tx kind (ledger-node/README.md "Transaction payloads") into one tagged
| union, for the ledger projection and the audit command. Shapes are checked and the encoding must be
| canonical (cborDecode); signatures are NOT verified here (the replicas did; an auditor checks them
| with the messages in `@civic-budget/protocol/tx`).
*/
export type RecordPayload =
  | {
      kind: 'support'
      campaignId: number
      ideaId: number
      supporterHash: string
      atMs: number
      action: 'sign' | 'withdraw'
    }
  | {
      kind: 'attachment'
      campaignId: number
      ideaId: number
      sha256: string
      byteSize: number
      mediaType: string
    }
  | {
      kind: 'credentials-issued'
      campaignId: number
      asOfMs: number
      total: number
      communities: { communityId: number; total: number }[]
    }
  | {
      kind: 'outcome'
      campaignId: number
      rule: string
      tallyHash: string
      winners: { potId: number; projectIds: number[] }[]
      override: string
    }

export type LedgerTx =
  | { kind: 'ballot'; ballotBytes: Uint8Array; ballot: Ballot; signature: Uint8Array }
  | {
      kind: 'campaign'
      campaignBytes: Uint8Array
      campaign: CampaignDefinition
      adminKey: Uint8Array
      signature: Uint8Array
    }
  | {
      kind: RecordKind
      payloadBytes: Uint8Array
      record: RecordPayload
      adminKey: Uint8Array
      signature: Uint8Array
    }
  | {
      kind: 'paper-batch'
      batchBytes: Uint8Array
      batch: PaperBatch
      operatorKey: Uint8Array
      operatorSignature: Uint8Array
      adminKey: Uint8Array
      adminSignature: Uint8Array
    }

export class LedgerTxError extends Error {}

function arr(v: CborValue, what: string, len?: number): CborValue[] {
  if (!Array.isArray(v) || (len !== undefined && v.length !== len)) {
    throw new LedgerTxError(`${what}: expected an array${len === undefined ? '' : ` of ${len}`}`)
  }
  return v
}
function uint(v: CborValue, what: string): number {
  if (typeof v !== 'number') throw new LedgerTxError(`${what}: expected uint`)
  return v
}
function text(v: CborValue, what: string): string {
  if (typeof v !== 'string') throw new LedgerTxError(`${what}: expected tstr`)
  return v
}
function bytes(v: CborValue, what: string, len?: number): Uint8Array {
  if (!(v instanceof Uint8Array) || (len !== undefined && v.length !== len)) {
    throw new LedgerTxError(`${what}: expected ${len ?? ''} bytes`)
  }
  return v
}
function version1(a: CborValue[], what: string): void {
  if (a[0] !== 1) throw new LedgerTxError(`${what}: unsupported version`)
}

function ruleOf(v: CborValue): BallotRule {
  const a = arr(v, 'rule')
  switch (a[0]) {
    case 'approval':
      return {
        kind: 'approval',
        minSelections: uint(a[1]!, 'min'),
        maxSelections: uint(a[2]!, 'max'),
      }
    case 'knapsack':
      return { kind: 'knapsack', minSharePercent: uint(a[1]!, 'minSharePercent') }
    case 'cumulative':
      return {
        kind: 'cumulative',
        points: uint(a[1]!, 'points'),
        maxPerProject: uint(a[2]!, 'max'),
      }
    case 'ranked':
      return { kind: 'ranked', maxRanks: uint(a[1]!, 'maxRanks') }
    default:
      throw new LedgerTxError(`rule: unknown kind ${String(a[0])}`)
  }
}

function campaignOf(b: Uint8Array): CampaignDefinition {
  const a = arr(cborDecode(b), 'campaign', 7)
  version1(a, 'campaign')
  return {
    id: uint(a[1]!, 'campaign.id'),
    registrarPublicKey: bytesToHex(bytes(a[2]!, 'registrarPublicKey', 48)),
    votingOpensAtMs: uint(a[3]!, 'votingOpensAtMs'),
    votingClosesAtMs: uint(a[4]!, 'votingClosesAtMs'),
    pots: arr(a[5]!, 'pots').map((p) => {
      const x = arr(p, 'pot', 3)
      return { id: uint(x[0]!, 'pot.id'), budget: uint(x[1]!, 'pot.budget'), rule: ruleOf(x[2]!) }
    }),
    projects: arr(a[6]!, 'projects').map((p) => {
      const x = arr(p, 'project', 3)
      return { id: uint(x[0]!, 'id'), cost: uint(x[1]!, 'cost'), potId: uint(x[2]!, 'potId') }
    }),
  }
}

function ascending(ids: number[], what: string): void {
  for (let i = 1; i < ids.length; i++) {
    if (!(ids[i - 1]! < ids[i]!)) throw new LedgerTxError(`${what}: ascending without repeats`)
  }
}

/** Sheet choices: `[[projectId, weight]…]` sorted by projectId without repeats, as on a ballot. */
function choicesOf(v: CborValue, what: string) {
  const raw = arr(v, what)
  if (raw.length > CHOICES_MAX) throw new LedgerTxError(`${what}: too many choices`)
  const choices = raw.map((c) => {
    const x = arr(c, what, 2)
    return { projectId: uint(x[0]!, 'projectId'), weight: uint(x[1]!, 'weight') }
  })
  ascending(
    choices.map((c) => c.projectId),
    what
  )
  return choices
}

function recordOf(kind: RecordKind, b: Uint8Array): RecordPayload {
  const a = arr(cborDecode(b), kind, kind === 'credentials-issued' ? 5 : 6)
  version1(a, kind)
  const campaignId = uint(a[1]!, `${kind}.campaignId`)
  switch (kind) {
    case 'support': {
      const action = text(a[5]!, 'support.action')
      if (action !== 'sign' && action !== 'withdraw') {
        throw new LedgerTxError('support.action: expected sign or withdraw')
      }
      return {
        kind,
        campaignId,
        ideaId: uint(a[2]!, 'ideaId'),
        supporterHash: bytesToHex(bytes(a[3]!, 'supporterHash', 32)),
        atMs: uint(a[4]!, 'atMs'),
        action,
      }
    }
    case 'attachment':
      return {
        kind,
        campaignId,
        ideaId: uint(a[2]!, 'ideaId'),
        sha256: bytesToHex(bytes(a[3]!, 'sha256', 32)),
        byteSize: uint(a[4]!, 'byteSize'),
        mediaType: text(a[5]!, 'mediaType'),
      }
    case 'credentials-issued':
      return {
        kind,
        campaignId,
        asOfMs: uint(a[2]!, 'asOfMs'),
        total: uint(a[3]!, 'total'),
        communities: arr(a[4]!, 'communities').map((c) => {
          const x = arr(c, 'community', 2)
          return { communityId: uint(x[0]!, 'communityId'), total: uint(x[1]!, 'total') }
        }),
      }
    case 'outcome':
      return {
        kind,
        campaignId,
        rule: text(a[2]!, 'rule'),
        tallyHash: bytesToHex(bytes(a[3]!, 'tallyHash', 32)),
        winners: arr(a[4]!, 'winners').map((w) => {
          const x = arr(w, 'winner', 2)
          return {
            potId: uint(x[0]!, 'potId'),
            projectIds: arr(x[1]!, 'projectIds').map((p) => uint(p, 'projectId')),
          }
        }),
        override: text(a[5]!, 'override'),
      }
  }
}

function paperBatchOf(b: Uint8Array): PaperBatch {
  if (b.length > PAPER_BATCH_BYTES_MAX) throw new LedgerTxError('paper-batch: too large')
  const a = arr(cborDecode(b), 'paper-batch', 5)
  version1(a, 'paper-batch')
  const station = text(a[2]!, 'station')
  const stationBytes = utf8(station).length
  if (stationBytes === 0 || stationBytes > STATION_BYTES_MAX) {
    throw new LedgerTxError(`station: expected 1..${STATION_BYTES_MAX} bytes`)
  }
  const raw = arr(a[4]!, 'sheets')
  if (raw.length === 0 || raw.length > SHEETS_MAX) {
    throw new LedgerTxError(`sheets: expected 1..${SHEETS_MAX}`)
  }
  const sheets = raw.map((s) => {
    const x = arr(s, 'sheet', 2)
    return { sheetNo: uint(x[0]!, 'sheetNo'), choices: choicesOf(x[1]!, 'sheet.choices') }
  })
  ascending(
    sheets.map((s) => s.sheetNo),
    'sheets'
  )
  return { campaignId: uint(a[1]!, 'campaignId'), station, batchNo: uint(a[3]!, 'batchNo'), sheets }
}

/** Decodes tx bytes of any `pb` kind; throws (LedgerTxError / encoding errors) on anything else. */
export function decodeLedgerTx(txBytes: Uint8Array): LedgerTx {
  const a = arr(cborDecode(txBytes), 'tx')
  version1(a, 'tx')
  const kind = text(a[1]!, 'tx.kind')
  if (kind === 'ballot') return { kind, ...decodeBallotTx(txBytes) }
  if (kind === 'campaign') {
    arr(a, 'campaign tx', 5)
    const campaignBytes = bytes(a[2]!, 'campaignBytes')
    return {
      kind,
      campaignBytes,
      campaign: campaignOf(campaignBytes),
      adminKey: bytes(a[3]!, 'adminKey', 32),
      signature: bytes(a[4]!, 'signature', 64),
    }
  }
  if ((RECORD_KINDS as readonly string[]).includes(kind)) {
    arr(a, `${kind} tx`, 5)
    const payloadBytes = bytes(a[2]!, 'payloadBytes')
    return {
      kind: kind as RecordKind,
      payloadBytes,
      record: recordOf(kind as RecordKind, payloadBytes),
      adminKey: bytes(a[3]!, 'adminKey', 32),
      signature: bytes(a[4]!, 'signature', 64),
    }
  }
  if (kind === 'paper-batch') {
    arr(a, 'paper-batch tx', 7)
    const batchBytes = bytes(a[2]!, 'batchBytes')
    return {
      kind,
      batchBytes,
      batch: paperBatchOf(batchBytes),
      operatorKey: bytes(a[3]!, 'operatorKey', 32),
      operatorSignature: bytes(a[4]!, 'operatorSignature', 64),
      adminKey: bytes(a[5]!, 'adminKey', 32),
      adminSignature: bytes(a[6]!, 'adminSignature', 64),
    }
  }
  throw new LedgerTxError(`tx: unknown kind ${kind}`)
}
