// The threshold-encryption part of the pb app's state (issue #14): per campaign its trustees record,
// the ceremony records the replicas accepted, the count of its encrypted ballots and the decryption
// share batches. Like the rest of PbState these are overlay maps (one block's writes over its parent),
// merged into the committed base by `commitThresholdMaps` and rebuilt by `restoreThresholdEntry`.
//
// Persisted app entries (values are the records' own payload bytes, so restore decodes what was
// accepted; nothing is re-verified):
//   "ct/<id>"                         trustees record  [1, campaignId, threshold, trustees] of the
//                                     current ceremony (a ceremony-restart's t of n replaces it)
//   "cr/<id>"                         CBOR count of the campaign's ceremony-restart records
//   "ck/<scope>/<index>"              trustee-key record
//   "cd/<scope>/<dealer>/<slot>"      dkg-dealing (slot 0, and 1 for a second, different dealing)
//   "cc/<scope>/<complainer>/<dealer>" dkg-complaint
//   where <scope> = "<id>" for a campaign's first ceremony and "<id>@<k>" after its k-th restart, so
//   an earlier ceremony's records stay stored but are never read again
//   "e/<id>"                          CBOR count of the campaign's encrypted ballots
//   "s/<id>/<trustee>/<first>"        H(payloadBytes) of a decryption-shares batch
//   "vc/<id>"                         CBOR block time of the campaign's voting-closed record (any
//                                     campaign, encrypted or not: it lives here for the overlay)
import {
  decodeComplaint,
  decodeDealing,
  decodeTrusteeKey,
  encodeComplaint,
  encodeTrusteeKey,
  type Complaint,
  type Dealing,
  type TrusteeKeyRecord,
} from '@civic-budget/protocol/dkg'
import {
  decodeThresholdRecord,
  encodeThresholdRecord,
} from '@civic-budget/protocol/threshold_records'
import type { Decoded } from '@civic-budget/protocol/decoded'
import type { StorageOp } from '../../consensus/types.js'
import { CodecError, decodeCbor, encodeCbor } from '../../codec/cbor.js'
import type { CampaignEntry } from './app.js'

/** A dealer may have at most this many distinct dealings on the ledger (two = equivocation evidence). */
export const DEALING_SLOTS = 2

export interface TrusteesEntry {
  threshold: number
  trustees: number
}

export interface DealingEntry {
  dealing: Dealing
  bytes: Uint8Array
}

/** One overlay level of the threshold state (or the committed base). Keys as in the file comment. */
export interface ThresholdMaps {
  trustees: Map<number, TrusteesEntry>
  /** campaignId → ceremony-restart records so far. */
  restarts: Map<number, number>
  /** "<scope>/<index>" */
  keys: Map<string, TrusteeKeyRecord>
  /** "<scope>/<dealer>/<slot>" */
  dealings: Map<string, DealingEntry>
  /** "<scope>/<complainer>/<dealer>" */
  complaints: Map<string, Complaint>
  /** campaignId → encrypted ballots so far (the next ballot's position). */
  encrypted: Map<number, number>
  /** "<id>/<trustee>/<first>" → H(payloadBytes) */
  shares: Map<string, Uint8Array>
  /** campaignId → the block time of its voting-closed record: the window's early end. */
  closed: Map<number, number>
}

export function emptyThresholdMaps(): ThresholdMaps {
  return {
    trustees: new Map(),
    restarts: new Map(),
    keys: new Map(),
    dealings: new Map(),
    complaints: new Map(),
    encrypted: new Map(),
    shares: new Map(),
    closed: new Map(),
  }
}

/**
 * What the rules read and write: the campaign and threshold state as seen by one block (its overlay
 * over its ancestors and the base), or by admission (the committed base; `put` is never called then).
 */
export interface ThresholdView {
  campaign(id: number): CampaignEntry | undefined
  get<K, V>(pick: (m: ThresholdMaps) => Map<K, V>, key: K): V | undefined
  put<K, V>(pick: (m: ThresholdMaps) => Map<K, V>, key: K, value: V): void
}

export const trusteesOf = (view: ThresholdView, campaignId: number) =>
  view.get((m) => m.trustees, campaignId)

export const restartsOf = (view: ThresholdView, campaignId: number) =>
  view.get((m) => m.restarts, campaignId) ?? 0

/** The key prefix of the campaign's current ceremony (see the file comment). */
export function ceremonyScope(view: ThresholdView, campaignId: number): string {
  const restarts = restartsOf(view, campaignId)
  return restarts === 0 ? `${campaignId}` : `${campaignId}@${restarts}`
}

export const trusteeKeyOf = (view: ThresholdView, campaignId: number, index: number) =>
  view.get((m) => m.keys, `${ceremonyScope(view, campaignId)}/${index}`)

/** The stored dealings of a dealer, slot order. */
export function dealingsOf(
  view: ThresholdView,
  campaignId: number,
  dealer: number
): DealingEntry[] {
  const out: DealingEntry[] = []
  const scope = ceremonyScope(view, campaignId)
  for (let slot = 0; slot < DEALING_SLOTS; slot++) {
    const entry = view.get((m) => m.dealings, `${scope}/${dealer}/${slot}`)
    if (entry) out.push(entry)
  }
  return out
}

export const complaintOf = (
  view: ThresholdView,
  campaignId: number,
  complainer: number,
  dealer: number
) => view.get((m) => m.complaints, `${ceremonyScope(view, campaignId)}/${complainer}/${dealer}`)

/** When the campaign's voting window ends: its campaign tx's end, or earlier by a voting-closed record. */
export function votingClosesAtMs(view: ThresholdView, e: CampaignEntry): number {
  const closed = view.get((m) => m.closed, e.campaign.id)
  return closed === undefined
    ? e.campaign.votingClosesAtMs
    : Math.min(closed, e.campaign.votingClosesAtMs)
}

export const encryptedCountOf = (view: ThresholdView, campaignId: number) =>
  view.get((m) => m.encrypted, campaignId) ?? 0

function merge<K, V>(
  base: Map<K, V>,
  overlay: Map<K, V>,
  each: (k: K, v: V) => StorageOp
): StorageOp[] {
  const ops: StorageOp[] = []
  for (const [k, v] of overlay) {
    base.set(k, v)
    ops.push(each(k, v))
  }
  return ops
}

/** Moves one committed overlay into the base; returns the storage ops that persist it. */
export function commitThresholdMaps(base: ThresholdMaps, overlay: ThresholdMaps): StorageOp[] {
  const enc = new TextEncoder()
  const op = (key: string, value: Uint8Array): StorageOp => ({
    kind: 'putApp',
    key: enc.encode(key),
    value,
  })
  return [
    ...merge(base.trustees, overlay.trustees, (id, t) =>
      op(`ct/${id}`, encodeThresholdRecord({ kind: 'trustees', campaignId: id, ...t }))
    ),
    ...merge(base.restarts, overlay.restarts, (id, n) => op(`cr/${id}`, encodeCbor(n))),
    ...merge(base.keys, overlay.keys, (k, r) => op(`ck/${k}`, encodeTrusteeKey(r))),
    ...merge(base.dealings, overlay.dealings, (k, d) => op(`cd/${k}`, d.bytes)),
    ...merge(base.complaints, overlay.complaints, (k, c) => op(`cc/${k}`, encodeComplaint(c))),
    ...merge(base.encrypted, overlay.encrypted, (id, n) => op(`e/${id}`, encodeCbor(n))),
    ...merge(base.shares, overlay.shares, (k, h) => op(`s/${k}`, h)),
    ...merge(base.closed, overlay.closed, (id, ms) => op(`vc/${id}`, encodeCbor(ms))),
  ]
}

function decoded<T>(d: Decoded<T>, key: string): T {
  if (!d.ok) throw new CodecError(`pb: bad app entry ${key}: ${d.error.message}`)
  return d.value
}

/** Restores one persisted entry into the base; false when the key is not a threshold entry. */
export function restoreThresholdEntry(
  base: ThresholdMaps,
  key: string,
  value: Uint8Array
): boolean {
  const slash = key.indexOf('/')
  const rest = key.slice(slash + 1)
  switch (key.slice(0, slash)) {
    case 'ct': {
      const r = decodeThresholdRecord('trustees', value)
      if (r.kind !== 'trustees') return false
      base.trustees.set(r.campaignId, { threshold: r.threshold, trustees: r.trustees })
      return true
    }
    case 'cr':
      base.restarts.set(Number(rest), decodeCbor(value) as number)
      return true
    case 'ck':
      base.keys.set(rest, decoded(decodeTrusteeKey(value), key))
      return true
    case 'cd':
      base.dealings.set(rest, { dealing: decoded(decodeDealing(value), key), bytes: value })
      return true
    case 'cc':
      base.complaints.set(rest, decoded(decodeComplaint(value), key))
      return true
    case 'e':
      base.encrypted.set(Number(rest), decodeCbor(value) as number)
      return true
    case 's':
      base.shares.set(rest, value)
      return true
    case 'vc':
      base.closed.set(Number(rest), decodeCbor(value) as number)
      return true
    default:
      return false
  }
}
