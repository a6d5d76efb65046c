// Transactions of the `pb` (participatory budgeting) app — protocol.md "Ballot" and "Ledger transactions",
// plus the `campaign` tx kind defined here (documented in ledger-node/README.md).
//
//   ballot       = [1, campaignId, choices, voterKey(32), credential(96)]      choices = [[projectId, weight], …]
//   ballot tx    = [1, "ballot", ballotBytes(bstr), signature(64)]
//                  signature = Ed25519(voterKey) over "civic-budget/ballot/v1" ‖ 0x00 ‖ ballotBytes
//   credential   = BLS (G2) by the campaign registrar (G1) over
//                  credMsg = "civic-budget/credential/v1" ‖ 0x00 ‖ uint64be(campaignId) ‖ voterKey
//   ballot v2    = [2, campaignId, [R, ciphertext, proof], voterKey, credential] (encrypted_ballot.ts), same tx
//   campaign     = [1, campaignId, registrarPublicKey(48), votingOpensAtMs, votingClosesAtMs, pots, projects
//                   (, minorDigits (, encryption))]   minorDigits (decimal places of the currency, ≤ 6) only
//                   when ≠ 2 or encryption follows; encryption = [t, n, electionKey(32), paddedLength]
//                   for an encrypted campaign (threshold_records.ts)
//                  pots     = [[potId, budget, rule(, minSupport)], …]   ascending potId; minSupport (the
//                             score a project needs to be funded) only when ≠ 0 — older records: 0 and 2
//                  rule     = ["approval", minSelections, maxSelections] | ["knapsack", minSharePercent]
//                           | ["cumulative", points, maxPerProject]   | ["ranked", maxRanks]
//                  projects = [[projectId, cost, potId], …] ascending projectId
//   campaign tx  = [1, "campaign", campaignBytes(bstr), adminKey(32), signature(64)]
//                  signature = Ed25519(adminKey) over "civic-budget/campaign/v1" ‖ 0x00 ‖ campaignBytes
//   record tx    = [1, kind, payloadBytes(bstr), adminKey(32), signature(64)]   kind ∈ RECORD_KINDS
//                  signature = Ed25519(adminKey) over "civic-budget/<kind>/v1" ‖ 0x00 ‖ payloadBytes
//                  payloads: see decodeRecordPayload (ledger-node/README.md "Platform records")
//   paper-batch  = [1, "paper-batch", batchBytes, operatorKey(32), operatorSig(64), adminKey(32), adminSig(64)]
//                  batchBytes = [1, campaignId, station, batchNo, [[sheetNo, choices]…] ascending sheetNo]
//                  operatorSig over "civic-budget/paper-batch/v1" ‖ 0x00 ‖ batchBytes
//                  adminSig    over "civic-budget/paper-batch-approval/v1" ‖ 0x00 ‖ batchBytes ‖ operatorKey
//
// Every structure must be the canonical CBOR encoding of its decoded value (re-encoding gives the same
// bytes), so a tx has exactly one valid byte form and txHash/ballotHash are stable.
import {
  cborDecode,
  cborEncode,
  readArray as asArray,
  readBytes as asBytes,
  readText as asText,
  readUint as asUint,
  readUintList as asUintList,
  type CborValue,
} from './cbor.js'
import { decodeBallot as decodeBallotStrict } from './ballot.js'
import { EncodingError } from './errors.js'
import { bytesToHex, concatBytes, equalBytes as bytesEqual } from './bytes.js'
import { sha256 } from './hash.js'
import { domainMessage, utf8 } from './bytes.js'
import type { BallotRule } from './rules.js'
import { decodeEncryptedBallot, type EncryptedBallot } from './encrypted_ballot.js'
import {
  decodeThresholdRecord,
  encryptionFromCbor,
  encryptionToCbor,
  encodeThresholdRecord,
  isThresholdRecordKind,
  THRESHOLD_RECORD_KINDS,
  type CampaignEncryption,
  type ThresholdRecord,
} from './threshold_records.js'
import {
  BALLOT_BYTES_MAX,
  CAMPAIGN_BYTES_MAX,
  CHOICES_MAX,
  COMMUNITIES_MAX,
  MEDIA_TYPE_BYTES_MAX,
  OUTCOME_OVERRIDE_MAX,
  OUTCOME_RULE_MAX,
  PAPER_BATCH_BYTES_MAX,
  POTS_MAX,
  PROJECTS_MAX,
  RECORD_PAYLOAD_BYTES_MAX,
  SHEETS_MAX,
  STATION_BYTES_MAX,
} from './limits.js'
import {
  recordTag,
  TAG_BALLOT,
  TAG_CAMPAIGN,
  TAG_PAPER_BATCH,
  TAG_PAPER_BATCH_APPROVAL,
} from './tags.js'

const tag = (text: string) => concatBytes(utf8(text), new Uint8Array([0]))
export const BALLOT_TAG = tag(TAG_BALLOT)
export const CAMPAIGN_TAG = tag(TAG_CAMPAIGN)
export const PAPER_BATCH_TAG = tag(TAG_PAPER_BATCH)
export const PAPER_APPROVAL_TAG = tag(TAG_PAPER_BATCH_APPROVAL)

export const RECORD_KINDS = [
  'support',
  'attachment',
  'credentials-issued',
  'outcome',
  'voting-closed',
  ...THRESHOLD_RECORD_KINDS,
] as const
export type RecordKind = (typeof RECORD_KINDS)[number]

export interface Choice {
  projectId: number
  weight: number
}

export interface Ballot {
  campaignId: number
  choices: Choice[]
  voterKey: Uint8Array
  credential: Uint8Array
}

/** The ballot rule of a pot: the protocol package's one declaration. */
export type Rule = BallotRule

export interface Pot {
  id: number
  budget: number
  rule: Rule
  /** The score a project needs to be funded (outcome rules; the replicas do not use it). Absent = 0. */
  minSupport?: number
}

export interface Project {
  id: number
  cost: number
  potId: number
}

export interface Campaign {
  id: number
  registrarPublicKey: Uint8Array
  votingOpensAtMs: number
  votingClosesAtMs: number
  pots: Pot[]
  projects: Project[]
  /** Decimal places of the campaign's currency (0 JPY, 2 EUR, 3 KWD): amounts are minor units. Absent = 2. */
  minorDigits?: number
  /** Present for an encrypted campaign (ballots v2 only): the ceremony's election key and padding. */
  encryption?: CampaignEncryption
}

export type RecordPayload =
  | {
      kind: 'support'
      campaignId: number
      ideaId: number
      supporterHash: Uint8Array
      atMs: number
      action: 'sign' | 'withdraw'
    }
  | {
      kind: 'attachment'
      campaignId: number
      ideaId: number
      sha256: Uint8Array
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
      tallyHash: Uint8Array
      winners: { potId: number; projectIds: number[] }[]
      override: string
    }
  | {
      /** The admin ends the voting window early (closing by hand): effective at its block's time. */
      kind: 'voting-closed'
      campaignId: number
    }
  | ThresholdRecord

export interface Sheet {
  sheetNo: number
  choices: Choice[]
}

export interface PaperBatch {
  campaignId: number
  station: string
  batchNo: number
  sheets: Sheet[]
}

export type PbTx =
  | { kind: 'ballot'; ballotBytes: Uint8Array; ballot: Ballot; signature: Uint8Array }
  | {
      kind: 'encrypted-ballot'
      ballotBytes: Uint8Array
      ballot: EncryptedBallot
      signature: Uint8Array
    }
  | {
      kind: 'record'
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
  | {
      kind: 'campaign'
      campaignBytes: Uint8Array
      campaign: Campaign
      adminKey: Uint8Array
      signature: Uint8Array
    }

function canonical(bytes: Uint8Array, value: CborValue, what: string): void {
  if (!bytesEqual(cborEncode(value), bytes))
    throw new EncodingError('malformed', `${what}: non-canonical encoding`)
}

// ── ballot ──

/** `[[projectId, weight]…]` sorted by projectId without repeats (ballots and paper sheets). */
function choicesFromCbor(v: unknown, what: string): Choice[] {
  const raw = asArray(v, `${what}.choices`)
  if (raw.length > CHOICES_MAX) throw new EncodingError('malformed', `${what}: too many choices`)
  const choices: Choice[] = raw.map((c, i) => {
    const p = asArray(c, `${what}.choices[${i}]`, 2)
    return { projectId: asUint(p[0], 'projectId'), weight: asUint(p[1], 'weight') }
  })
  for (let i = 1; i < choices.length; i++) {
    if (!(choices[i - 1]!.projectId < choices[i]!.projectId))
      throw new EncodingError(
        'malformed',
        `${what}: choices must be sorted by projectId without repeats`
      )
  }
  return choices
}

function choicesToCbor(choices: Choice[]): CborValue {
  return choices.map((c) => [c.projectId, c.weight])
}

export function ballotToCbor(b: Ballot): CborValue {
  return [1, b.campaignId, choicesToCbor(b.choices), b.voterKey, b.credential]
}

export function encodeBallot(b: Ballot): Uint8Array {
  return cborEncode(ballotToCbor(b))
}

/** The strict ballot decoder of `ballot.ts` (the one the app and the voting page use), in this shape. */
export function decodeBallot(bytes: Uint8Array): Ballot {
  const { campaignId, choices, voterKey, credential } = decodeBallotStrict(bytes)
  return { campaignId, choices, voterKey, credential }
}

export function ballotSigningMessage(ballotBytes: Uint8Array): Uint8Array {
  return concatBytes(BALLOT_TAG, ballotBytes)
}

export { credentialMessage } from './credential.js'

export function encodeBallotTx(ballotBytes: Uint8Array, signature: Uint8Array): Uint8Array {
  return cborEncode([1, 'ballot', ballotBytes, signature])
}

// ── campaign ──

function ruleToCbor(r: Rule): CborValue {
  switch (r.kind) {
    case 'approval':
      return ['approval', r.minSelections, r.maxSelections]
    case 'knapsack':
      return ['knapsack', r.minSharePercent]
    case 'cumulative':
      return ['cumulative', r.points, r.maxPerProject]
    case 'ranked':
      return ['ranked', r.maxRanks]
  }
}

function ruleFromCbor(v: unknown): Rule {
  const a = asArray(v, 'rule')
  const kind = asText(a[0], 'rule.kind', 16)
  switch (kind) {
    case 'approval': {
      asArray(v, 'rule', 3)
      const r: Rule = {
        kind,
        minSelections: asUint(a[1], 'minSelections'),
        maxSelections: asUint(a[2], 'maxSelections'),
      }
      if (r.minSelections > r.maxSelections)
        throw new EncodingError('malformed', 'rule: minSelections > maxSelections')
      return r
    }
    case 'knapsack':
      asArray(v, 'rule', 2)
      return { kind, minSharePercent: asUint(a[1], 'minSharePercent', 100) }
    case 'cumulative':
      asArray(v, 'rule', 3)
      return { kind, points: asUint(a[1], 'points'), maxPerProject: asUint(a[2], 'maxPerProject') }
    case 'ranked':
      asArray(v, 'rule', 2)
      return { kind, maxRanks: asUint(a[1], 'maxRanks') }
    default:
      throw new EncodingError('malformed', `rule: unknown kind ${kind}`)
  }
}

export const MINOR_DIGITS_DEFAULT = 2
export const MINOR_DIGITS_MAX = 6

// The optional trailing items are left out at their defaults, so a campaign without them has the
// bytes it had before they existed (one canonical form either way).
export function campaignToCbor(c: Campaign): CborValue {
  const digits = c.minorDigits ?? MINOR_DIGITS_DEFAULT
  return [
    1,
    c.id,
    c.registrarPublicKey,
    c.votingOpensAtMs,
    c.votingClosesAtMs,
    c.pots.map((p) =>
      p.minSupport
        ? [p.id, p.budget, ruleToCbor(p.rule), p.minSupport]
        : [p.id, p.budget, ruleToCbor(p.rule)]
    ),
    c.projects.map((p) => [p.id, p.cost, p.potId]),
    ...(c.encryption
      ? [digits, encryptionToCbor(c.encryption)]
      : digits === MINOR_DIGITS_DEFAULT
        ? []
        : [digits]),
  ]
}

export function encodeCampaign(c: Campaign): Uint8Array {
  return cborEncode(campaignToCbor(c))
}

export function decodeCampaign(bytes: Uint8Array): Campaign {
  const a = asArray(cborDecode(bytes), 'campaign')
  if (a.length < 7 || a.length > 9)
    throw new EncodingError('malformed', `campaign: expected 7 to 9 items, got ${a.length}`)
  if (asUint(a[0], 'campaign.version') !== 1)
    throw new EncodingError('malformed', 'campaign: unsupported version')
  const potsRaw = asArray(a[5], 'campaign.pots')
  const projRaw = asArray(a[6], 'campaign.projects')
  if (potsRaw.length === 0 || potsRaw.length > POTS_MAX)
    throw new EncodingError('malformed', `campaign: 1..${POTS_MAX} pots`)
  if (projRaw.length === 0 || projRaw.length > PROJECTS_MAX)
    throw new EncodingError('malformed', `campaign: 1..${PROJECTS_MAX} projects`)
  const c: Campaign = {
    id: asUint(a[1], 'campaign.id'),
    registrarPublicKey: asBytes(a[2], 'campaign.registrarPublicKey', 48),
    votingOpensAtMs: asUint(a[3], 'campaign.votingOpensAtMs'),
    votingClosesAtMs: asUint(a[4], 'campaign.votingClosesAtMs'),
    pots: potsRaw.map((p, i) => {
      const x = asArray(p, `pots[${i}]`)
      if (x.length !== 3 && x.length !== 4)
        throw new EncodingError('malformed', `pots[${i}]: expected 3 or 4 items, got ${x.length}`)
      const pot: Pot = {
        id: asUint(x[0], 'pot.id'),
        budget: asUint(x[1], 'pot.budget'),
        rule: ruleFromCbor(x[2]),
      }
      if (x.length === 4) pot.minSupport = asUint(x[3], 'pot.minSupport')
      return pot
    }),
    projects: projRaw.map((p, i) => {
      const x = asArray(p, `projects[${i}]`, 3)
      return {
        id: asUint(x[0], 'project.id'),
        cost: asUint(x[1], 'project.cost'),
        potId: asUint(x[2], 'project.potId'),
      }
    }),
  }
  if (a.length >= 8) c.minorDigits = asUint(a[7], 'campaign.minorDigits', MINOR_DIGITS_MAX)
  if (a.length === 9) c.encryption = encryptionFromCbor(a[8], c)
  if (c.votingOpensAtMs >= c.votingClosesAtMs)
    throw new EncodingError('malformed', 'campaign: voting window is empty')
  for (let i = 1; i < c.pots.length; i++)
    if (!(c.pots[i - 1]!.id < c.pots[i]!.id))
      throw new EncodingError('malformed', 'campaign: pots must be sorted by id')
  for (let i = 1; i < c.projects.length; i++)
    if (!(c.projects[i - 1]!.id < c.projects[i]!.id))
      throw new EncodingError('malformed', 'campaign: projects must be sorted by id')
  const potIds = new Set(c.pots.map((p) => p.id))
  for (const p of c.projects)
    if (!potIds.has(p.potId))
      throw new EncodingError('malformed', `campaign: project ${p.id} in unknown pot ${p.potId}`)
  canonical(bytes, campaignToCbor(c), 'campaign')
  return c
}

export function campaignSigningMessage(campaignBytes: Uint8Array): Uint8Array {
  return concatBytes(CAMPAIGN_TAG, campaignBytes)
}

export function encodeCampaignTx(
  campaignBytes: Uint8Array,
  adminKey: Uint8Array,
  signature: Uint8Array
): Uint8Array {
  return cborEncode([1, 'campaign', campaignBytes, adminKey, signature])
}

// ── outer tx ──

/** The version item of ballot bytes `[version, …]` (the first byte after the array head), or -1. */
function ballotVersion(ballotBytes: Uint8Array): number {
  const head = ballotBytes[0]
  return head !== undefined && head >= 0x80 && head <= 0x97 && ballotBytes.length > 1
    ? ballotBytes[1]!
    : -1
}

export function decodePbTx(tx: Uint8Array): PbTx {
  const a = asArray(cborDecode(tx), 'tx')
  if (a.length < 2 || a[0] !== 1) throw new EncodingError('malformed', 'tx: expected [1, kind, …]')
  const kind = asText(a[1], 'tx.kind', 64)
  if (kind === 'ballot') {
    asArray(a, 'ballot tx', 4)
    const ballotBytes = asBytes(a[2], 'ballotBytes', undefined, BALLOT_BYTES_MAX)
    const signature = asBytes(a[3], 'signature', 64)
    canonical(tx, [1, 'ballot', ballotBytes, signature], 'ballot tx')
    if (ballotVersion(ballotBytes) === 2) {
      const decoded = decodeEncryptedBallot(ballotBytes)
      if (!decoded.ok) throw new EncodingError('malformed', decoded.error.message)
      return { kind: 'encrypted-ballot', ballotBytes, ballot: decoded.value, signature }
    }
    return { kind, ballotBytes, ballot: decodeBallot(ballotBytes), signature }
  }
  if (kind === 'campaign') {
    asArray(a, 'campaign tx', 5)
    const campaignBytes = asBytes(a[2], 'campaignBytes', undefined, CAMPAIGN_BYTES_MAX)
    const adminKey = asBytes(a[3], 'adminKey', 32)
    const signature = asBytes(a[4], 'signature', 64)
    canonical(tx, [1, 'campaign', campaignBytes, adminKey, signature], 'campaign tx')
    return { kind, campaignBytes, campaign: decodeCampaign(campaignBytes), adminKey, signature }
  }
  if ((RECORD_KINDS as readonly string[]).includes(kind)) {
    asArray(a, `${kind} tx`, 5)
    const payloadBytes = asBytes(a[2], 'payloadBytes', undefined, RECORD_PAYLOAD_BYTES_MAX)
    const adminKey = asBytes(a[3], 'adminKey', 32)
    const signature = asBytes(a[4], 'signature', 64)
    canonical(tx, [1, kind, payloadBytes, adminKey, signature], `${kind} tx`)
    const record = decodeRecordPayload(kind as RecordKind, payloadBytes)
    return { kind: 'record', payloadBytes, record, adminKey, signature }
  }
  if (kind === 'paper-batch') {
    asArray(a, 'paper-batch tx', 7)
    const batchBytes = asBytes(a[2], 'batchBytes', undefined, PAPER_BATCH_BYTES_MAX)
    const operatorKey = asBytes(a[3], 'operatorKey', 32)
    const operatorSignature = asBytes(a[4], 'operatorSignature', 64)
    const adminKey = asBytes(a[5], 'adminKey', 32)
    const adminSignature = asBytes(a[6], 'adminSignature', 64)
    canonical(
      tx,
      [1, kind, batchBytes, operatorKey, operatorSignature, adminKey, adminSignature],
      'paper-batch tx'
    )
    const batch = decodePaperBatch(batchBytes)
    return { kind, batchBytes, batch, operatorKey, operatorSignature, adminKey, adminSignature }
  }
  throw new EncodingError('malformed', `tx: unknown kind ${kind}`)
}

// ── platform records ──

const utf8Length = (s: string) => utf8(s).length

function version1(a: unknown[], what: string): void {
  if (asUint(a[0], `${what}.version`) !== 1)
    throw new EncodingError('malformed', `${what}: unsupported version`)
}

export function recordPayloadToCbor(r: RecordPayload): CborValue {
  switch (r.kind) {
    case 'support':
      return [1, r.campaignId, r.ideaId, r.supporterHash, r.atMs, r.action]
    case 'attachment':
      return [1, r.campaignId, r.ideaId, r.sha256, r.byteSize, r.mediaType]
    case 'credentials-issued':
      return [
        1,
        r.campaignId,
        r.asOfMs,
        r.total,
        r.communities.map((c) => [c.communityId, c.total]),
      ]
    case 'outcome':
      return [
        1,
        r.campaignId,
        r.rule,
        r.tallyHash,
        r.winners.map((w) => [w.potId, w.projectIds]),
        r.override,
      ]
    case 'voting-closed':
      return [1, r.campaignId]
    default:
      return cborDecode(encodeThresholdRecord(r))
  }
}

function ascending(ids: number[], what: string): void {
  for (let i = 1; i < ids.length; i++)
    if (!(ids[i - 1]! < ids[i]!))
      throw new EncodingError('malformed', `${what} must be ascending without repeats`)
}

/** Decodes and shape-checks a record payload; throws EncodingError with the reason (canonical form too). */
export function decodeRecordPayload(kind: RecordKind, bytes: Uint8Array): RecordPayload {
  // the ceremony and decryption decoders are strict themselves (canonical CBOR, points validated)
  if (isThresholdRecordKind(kind)) return decodeThresholdRecord(kind, bytes)
  let r: RecordPayload
  switch (kind) {
    case 'support': {
      const a = asArray(cborDecode(bytes), 'support', 6)
      version1(a, 'support')
      const action = asText(a[5], 'support.action', 16)
      if (action !== 'sign' && action !== 'withdraw')
        throw new EncodingError('malformed', 'support.action: expected "sign" or "withdraw"')
      r = {
        kind,
        campaignId: asUint(a[1], 'support.campaignId'),
        ideaId: asUint(a[2], 'support.ideaId'),
        supporterHash: asBytes(a[3], 'support.supporterHash', 32),
        atMs: asUint(a[4], 'support.atMs'),
        action,
      }
      break
    }
    case 'attachment': {
      const a = asArray(cborDecode(bytes), 'attachment', 6)
      version1(a, 'attachment')
      const mediaType = asText(a[5], 'attachment.mediaType', MEDIA_TYPE_BYTES_MAX)
      if (mediaType.length === 0 || utf8Length(mediaType) > MEDIA_TYPE_BYTES_MAX)
        throw new EncodingError('malformed', 'attachment.mediaType: expected 1..127 bytes')
      r = {
        kind,
        campaignId: asUint(a[1], 'attachment.campaignId'),
        ideaId: asUint(a[2], 'attachment.ideaId'),
        sha256: asBytes(a[3], 'attachment.sha256', 32),
        byteSize: asUint(a[4], 'attachment.byteSize'),
        mediaType,
      }
      break
    }
    case 'credentials-issued': {
      const a = asArray(cborDecode(bytes), 'credentials-issued', 5)
      version1(a, 'credentials-issued')
      const raw = asArray(a[4], 'credentials-issued.communities')
      if (raw.length > COMMUNITIES_MAX)
        throw new EncodingError(
          'malformed',
          `credentials-issued.communities: more than ${COMMUNITIES_MAX}`
        )
      const communities = raw.map((c, i) => {
        const x = asArray(c, `credentials-issued.communities[${i}]`, 2)
        return { communityId: asUint(x[0], 'communityId'), total: asUint(x[1], 'total') }
      })
      ascending(
        communities.map((c) => c.communityId),
        'credentials-issued.communities'
      )
      const total = asUint(a[3], 'credentials-issued.total')
      const sum = communities.reduce((s, c) => s + c.total, 0)
      if (sum > total)
        throw new EncodingError(
          'malformed',
          `credentials-issued: communities sum to ${sum}, more than total ${total}`
        )
      r = {
        kind,
        campaignId: asUint(a[1], 'credentials-issued.campaignId'),
        asOfMs: asUint(a[2], 'credentials-issued.asOfMs'),
        total,
        communities,
      }
      break
    }
    case 'outcome': {
      const a = asArray(cborDecode(bytes), 'outcome', 6)
      version1(a, 'outcome')
      const rawPots = asArray(a[4], 'outcome.winners')
      if (rawPots.length > POTS_MAX)
        throw new EncodingError('malformed', `outcome.winners: more than ${POTS_MAX}`)
      const winners = rawPots.map((p, i) => {
        const x = asArray(p, `outcome.winners[${i}]`, 2)
        const projectIds = asUintList(x[1], `outcome.winners[${i}].projects`, PROJECTS_MAX)
        ascending(projectIds, `outcome.winners[${i}].projects`)
        return { potId: asUint(x[0], 'potId'), projectIds }
      })
      ascending(
        winners.map((w) => w.potId),
        'outcome.winners'
      )
      const rule = asText(a[2], 'outcome.rule', OUTCOME_RULE_MAX)
      if (rule.length === 0) throw new EncodingError('malformed', 'outcome.rule: empty')
      r = {
        kind,
        campaignId: asUint(a[1], 'outcome.campaignId'),
        rule,
        tallyHash: asBytes(a[3], 'outcome.tallyHash', 32),
        winners,
        override: asText(a[5], 'outcome.override', OUTCOME_OVERRIDE_MAX),
      }
      break
    }
    case 'voting-closed': {
      const a = asArray(cborDecode(bytes), 'voting-closed', 2)
      version1(a, 'voting-closed')
      r = { kind, campaignId: asUint(a[1], 'voting-closed.campaignId') }
      break
    }
  }
  canonical(bytes, recordPayloadToCbor(r), kind)
  return r
}

export function recordSigningMessage(kind: RecordKind, payloadBytes: Uint8Array): Uint8Array {
  return domainMessage(recordTag(kind), payloadBytes)
}

export function encodeRecordTx(
  kind: RecordKind,
  payloadBytes: Uint8Array,
  adminKey: Uint8Array,
  signature: Uint8Array
): Uint8Array {
  return cborEncode([1, kind, payloadBytes, adminKey, signature])
}

// ── paper-batch ──

export function paperBatchToCbor(b: PaperBatch): CborValue {
  return [
    1,
    b.campaignId,
    b.station,
    b.batchNo,
    b.sheets.map((s) => [s.sheetNo, choicesToCbor(s.choices)]),
  ]
}

export function encodePaperBatch(b: PaperBatch): Uint8Array {
  return cborEncode(paperBatchToCbor(b))
}

export function decodePaperBatch(bytes: Uint8Array): PaperBatch {
  const a = asArray(cborDecode(bytes), 'paper-batch', 5)
  version1(a, 'paper-batch')
  const station = asText(a[2], 'paper-batch.station', STATION_BYTES_MAX)
  if (station.length === 0 || utf8Length(station) > STATION_BYTES_MAX)
    throw new EncodingError('malformed', 'paper-batch.station: expected 1..128 bytes')
  const raw = asArray(a[4], 'paper-batch.sheets')
  if (raw.length === 0 || raw.length > SHEETS_MAX)
    throw new EncodingError('malformed', `paper-batch: 1..${SHEETS_MAX} sheets`)
  const sheets = raw.map((s, i) => {
    const x = asArray(s, `paper-batch.sheets[${i}]`, 2)
    const sheetNo = asUint(x[0], 'sheetNo')
    return { sheetNo, choices: choicesFromCbor(x[1], `sheet ${sheetNo}`) }
  })
  ascending(
    sheets.map((s) => s.sheetNo),
    'paper-batch.sheets'
  )
  const b: PaperBatch = {
    campaignId: asUint(a[1], 'paper-batch.campaignId'),
    station,
    batchNo: asUint(a[3], 'paper-batch.batchNo'),
    sheets,
  }
  canonical(bytes, paperBatchToCbor(b), 'paper-batch')
  return b
}

export function paperBatchOperatorMessage(batchBytes: Uint8Array): Uint8Array {
  return concatBytes(PAPER_BATCH_TAG, batchBytes)
}

export function paperBatchApprovalMessage(
  batchBytes: Uint8Array,
  operatorKey: Uint8Array
): Uint8Array {
  return concatBytes(PAPER_APPROVAL_TAG, batchBytes, operatorKey)
}

export function encodePaperBatchTx(
  batchBytes: Uint8Array,
  operatorKey: Uint8Array,
  operatorSignature: Uint8Array,
  adminKey: Uint8Array,
  adminSignature: Uint8Array
): Uint8Array {
  return cborEncode([
    1,
    'paper-batch',
    batchBytes,
    operatorKey,
    operatorSignature,
    adminKey,
    adminSignature,
  ])
}

export function ballotHashHex(ballotBytes: Uint8Array): string {
  return bytesToHex(sha256(ballotBytes))
}
