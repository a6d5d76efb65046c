// Transactions of the `pb` (participatory budgeting) app — protocol.md "Ballot" and "Ledger transactions",
// plus the `campaign` tx kind defined here (documented in ledger-node/README.md).
//
//   ballot       = [1, campaignId, choices, voterKey(32), credential(96)]      choices = [[projectId, weight], …]
//   ballot tx    = [1, "ballot", ballotBytes(bstr), signature(64)]
//                  signature = Ed25519(voterKey) over "civic-budget/ballot/v1" ‖ 0x00 ‖ ballotBytes
//   credential   = BLS (G2) by the campaign registrar (G1) over
//                  credMsg = "civic-budget/credential/v1" ‖ 0x00 ‖ uint64be(campaignId) ‖ voterKey
//   campaign     = [1, campaignId, registrarPublicKey(48), votingOpensAtMs, votingClosesAtMs, pots, projects]
//                  pots     = [[potId, budget, rule], …]   ascending potId
//                  rule     = ["approval", minSelections, maxSelections] | ["knapsack", minSharePercent]
//                           | ["cumulative", points, maxPerProject]   | ["ranked", maxRanks]
//                  projects = [[projectId, cost, potId], …] ascending projectId
//   campaign tx  = [1, "campaign", campaignBytes(bstr), adminKey(32), signature(64)]
//                  signature = Ed25519(adminKey) over "civic-budget/campaign/v1" ‖ 0x00 ‖ campaignBytes
//
// Every structure must be the canonical CBOR encoding of its decoded value (re-encoding gives the same
// bytes), so a tx has exactly one valid byte form and txHash/ballotHash are stable.
import {
  createPublicKey,
  createPrivateKey,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto'
import {
  asArray,
  asBytes,
  asText,
  asUint,
  CodecError,
  decodeCbor,
  encodeCbor,
  type CborValue,
} from '../../codec/cbor.js'
import { bytesEqual, concatBytes, sha256, toHex } from '../../crypto/hash.js'

const te = new TextEncoder()
export const BALLOT_TAG = concatBytes(te.encode('civic-budget/ballot/v1'), new Uint8Array([0]))
export const CAMPAIGN_TAG = concatBytes(te.encode('civic-budget/campaign/v1'), new Uint8Array([0]))
export const CREDENTIAL_TAG = concatBytes(
  te.encode('civic-budget/credential/v1'),
  new Uint8Array([0])
)

export const CHOICES_MAX = 1024
export const POTS_MAX = 64
export const PROJECTS_MAX = 4096

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

export type Rule =
  | { kind: 'approval'; minSelections: number; maxSelections: number }
  | { kind: 'knapsack'; minSharePercent: number }
  | { kind: 'cumulative'; points: number; maxPerProject: number }
  | { kind: 'ranked'; maxRanks: number }

export interface Pot {
  id: number
  budget: number
  rule: Rule
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
}

export type PbTx =
  | { kind: 'ballot'; ballotBytes: Uint8Array; ballot: Ballot; signature: Uint8Array }
  | {
      kind: 'campaign'
      campaignBytes: Uint8Array
      campaign: Campaign
      adminKey: Uint8Array
      signature: Uint8Array
    }

function canonical(bytes: Uint8Array, value: CborValue, what: string): void {
  if (!bytesEqual(encodeCbor(value), bytes)) throw new CodecError(`${what}: non-canonical encoding`)
}

// ── ballot ──

export function ballotToCbor(b: Ballot): CborValue {
  return [1, b.campaignId, b.choices.map((c) => [c.projectId, c.weight]), b.voterKey, b.credential]
}

export function encodeBallot(b: Ballot): Uint8Array {
  return encodeCbor(ballotToCbor(b))
}

export function decodeBallot(bytes: Uint8Array): Ballot {
  const a = asArray(decodeCbor(bytes), 'ballot', 5)
  if (asUint(a[0], 'ballot.version') !== 1) throw new CodecError('ballot: unsupported version')
  const campaignId = asUint(a[1], 'ballot.campaignId')
  const raw = asArray(a[2], 'ballot.choices')
  if (raw.length > CHOICES_MAX) throw new CodecError('ballot: too many choices')
  const choices: Choice[] = raw.map((c, i) => {
    const p = asArray(c, `ballot.choices[${i}]`, 2)
    return { projectId: asUint(p[0], 'projectId'), weight: asUint(p[1], 'weight') }
  })
  for (let i = 1; i < choices.length; i++) {
    if (!(choices[i - 1]!.projectId < choices[i]!.projectId))
      throw new CodecError('ballot: choices must be sorted by projectId without repeats')
  }
  const voterKey = asBytes(a[3], 'ballot.voterKey', 32)
  const credential = asBytes(a[4], 'ballot.credential', 96)
  const b = { campaignId, choices, voterKey, credential }
  canonical(bytes, ballotToCbor(b), 'ballot')
  return b
}

export function ballotSigningMessage(ballotBytes: Uint8Array): Uint8Array {
  return concatBytes(BALLOT_TAG, ballotBytes)
}

export function credentialMessage(campaignId: number, voterKey: Uint8Array): Uint8Array {
  const id = new Uint8Array(8)
  new DataView(id.buffer).setBigUint64(0, BigInt(campaignId))
  return concatBytes(CREDENTIAL_TAG, id, voterKey)
}

export function encodeBallotTx(ballotBytes: Uint8Array, signature: Uint8Array): Uint8Array {
  return encodeCbor([1, 'ballot', ballotBytes, signature])
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
        throw new CodecError('rule: minSelections > maxSelections')
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
      throw new CodecError(`rule: unknown kind ${kind}`)
  }
}

export function campaignToCbor(c: Campaign): CborValue {
  return [
    1,
    c.id,
    c.registrarPublicKey,
    c.votingOpensAtMs,
    c.votingClosesAtMs,
    c.pots.map((p) => [p.id, p.budget, ruleToCbor(p.rule)]),
    c.projects.map((p) => [p.id, p.cost, p.potId]),
  ]
}

export function encodeCampaign(c: Campaign): Uint8Array {
  return encodeCbor(campaignToCbor(c))
}

export function decodeCampaign(bytes: Uint8Array): Campaign {
  const a = asArray(decodeCbor(bytes), 'campaign', 7)
  if (asUint(a[0], 'campaign.version') !== 1) throw new CodecError('campaign: unsupported version')
  const potsRaw = asArray(a[5], 'campaign.pots')
  const projRaw = asArray(a[6], 'campaign.projects')
  if (potsRaw.length === 0 || potsRaw.length > POTS_MAX)
    throw new CodecError('campaign: 1..64 pots')
  if (projRaw.length === 0 || projRaw.length > PROJECTS_MAX)
    throw new CodecError('campaign: 1..4096 projects')
  const c: Campaign = {
    id: asUint(a[1], 'campaign.id'),
    registrarPublicKey: asBytes(a[2], 'campaign.registrarPublicKey', 48),
    votingOpensAtMs: asUint(a[3], 'campaign.votingOpensAtMs'),
    votingClosesAtMs: asUint(a[4], 'campaign.votingClosesAtMs'),
    pots: potsRaw.map((p, i) => {
      const x = asArray(p, `pots[${i}]`, 3)
      return {
        id: asUint(x[0], 'pot.id'),
        budget: asUint(x[1], 'pot.budget'),
        rule: ruleFromCbor(x[2]),
      }
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
  if (c.votingOpensAtMs >= c.votingClosesAtMs)
    throw new CodecError('campaign: voting window is empty')
  for (let i = 1; i < c.pots.length; i++)
    if (!(c.pots[i - 1]!.id < c.pots[i]!.id))
      throw new CodecError('campaign: pots must be sorted by id')
  for (let i = 1; i < c.projects.length; i++)
    if (!(c.projects[i - 1]!.id < c.projects[i]!.id))
      throw new CodecError('campaign: projects must be sorted by id')
  const potIds = new Set(c.pots.map((p) => p.id))
  for (const p of c.projects)
    if (!potIds.has(p.potId))
      throw new CodecError(`campaign: project ${p.id} in unknown pot ${p.potId}`)
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
  return encodeCbor([1, 'campaign', campaignBytes, adminKey, signature])
}

// ── outer tx ──

export function decodePbTx(tx: Uint8Array): PbTx {
  const a = asArray(decodeCbor(tx), 'tx')
  if (a.length < 2 || a[0] !== 1) throw new CodecError('tx: expected [1, kind, …]')
  const kind = asText(a[1], 'tx.kind', 64)
  if (kind === 'ballot') {
    asArray(a, 'ballot tx', 4)
    const ballotBytes = asBytes(a[2], 'ballotBytes', undefined, 64 * 1024)
    const signature = asBytes(a[3], 'signature', 64)
    canonical(tx, [1, 'ballot', ballotBytes, signature], 'ballot tx')
    return { kind, ballotBytes, ballot: decodeBallot(ballotBytes), signature }
  }
  if (kind === 'campaign') {
    asArray(a, 'campaign tx', 5)
    const campaignBytes = asBytes(a[2], 'campaignBytes', undefined, 1 << 20)
    const adminKey = asBytes(a[3], 'adminKey', 32)
    const signature = asBytes(a[4], 'signature', 64)
    canonical(tx, [1, 'campaign', campaignBytes, adminKey, signature], 'campaign tx')
    return { kind, campaignBytes, campaign: decodeCampaign(campaignBytes), adminKey, signature }
  }
  throw new CodecError(`tx: unknown kind ${kind}`)
}

// ── Ed25519 (node:crypto) ──

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const keyCache = new Map<string, KeyObject>()
const KEY_CACHE_MAX = 1024

export function ed25519PublicKeyObject(raw: Uint8Array): KeyObject {
  const hex = toHex(raw)
  const hit = keyCache.get(hex)
  if (hit) return hit
  const k = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, raw]),
    format: 'der',
    type: 'spki',
  })
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear()
  keyCache.set(hex, k)
  return k
}

export function ed25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array
): boolean {
  try {
    if (publicKey.length !== 32 || signature.length !== 64) return false
    return edVerify(null, message, ed25519PublicKeyObject(publicKey), signature)
  } catch {
    return false
  }
}

/** Signs with a raw 32-byte Ed25519 seed (tests, bench, CLI tools). */
export function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  const k = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  return new Uint8Array(edSign(null, message, k))
}

export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const k = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const der = createPublicKey(k).export({ format: 'der', type: 'spki' })
  return new Uint8Array(der.subarray(der.length - 32))
}

export function ballotHashHex(ballotBytes: Uint8Array): string {
  return toHex(sha256(ballotBytes))
}
