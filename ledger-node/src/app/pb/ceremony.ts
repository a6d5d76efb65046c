// The key ceremony on the ledger (protocol.md "Ledger records of an encrypted campaign"): the rules
// for the `trustees`, `trustee-key`, `dkg-dealing` and `dkg-complaint` records, and the check of an
// encrypted campaign tx against the ceremony's result. Everything is deterministic and reads only
// the records already accepted, so every replica (and `ledger:audit`) reaches the same verdicts.
//
// Per-author bounds: one trustees record per ceremony; one key per trustee index (≤ n ≤ 64); at most
// two distinct dealings per dealer; one complaint per (complainer, dealer); at most
// CEREMONY_RESTARTS_MAX restarts per campaign, each a new ceremony (state keyed by ceremonyScope).
// Nothing is accepted after the campaign tx (`ceremony_closed`), so a campaign's ceremony state is at
// most 9 × (~64 + 128 + 4096) records, each parsed and verified before it is stored.
import {
  ceremonyResult,
  dealingDefect,
  encodeDealing,
  judgeComplaint,
  verifyTrusteeKey,
  type CeremonyParams,
  type Complaint,
  type Dealing,
} from '@civic-budget/protocol/dkg'
import { CEREMONY_RESTARTS_MAX } from '@civic-budget/protocol/limits'
import { pointBytes, type RistrettoPoint } from '@civic-budget/protocol/ristretto'
import type { ThresholdRecord } from '@civic-budget/protocol/threshold_records'
import { bytesEqual } from '../../crypto/hash.js'
import type { Campaign } from './codec.js'
import {
  ceremonyScope,
  complaintOf,
  DEALING_SLOTS,
  dealingsOf,
  restartsOf,
  trusteeKeyOf,
  trusteesOf,
  type TrusteesEntry,
  type ThresholdView,
} from './threshold_state.js'

export type CeremonyRecord = Exclude<ThresholdRecord, { kind: 'decryption-shares' }>

/** The n ceremony keys in index order, or the indices still missing. */
function ceremonyKeys(
  view: ThresholdView,
  campaignId: number,
  trustees: TrusteesEntry
): { keys: RistrettoPoint[]; missing: number[] } {
  const keys: RistrettoPoint[] = []
  const missing: number[] = []
  for (let index = 1; index <= trustees.trustees; index++) {
    const key = trusteeKeyOf(view, campaignId, index)
    if (key) keys.push(key.ceremonyKey)
    else missing.push(index)
  }
  return { keys, missing }
}

function params(
  view: ThresholdView,
  campaignId: number,
  trustees: TrusteesEntry
): CeremonyParams | null {
  const { keys, missing } = ceremonyKeys(view, campaignId, trustees)
  return missing.length > 0
    ? null
    : { campaignId, threshold: trustees.threshold, trusteeKeys: keys }
}

/** Why a ceremony record cannot be accepted now (`code` or `code: detail`), or null. */
export function ceremonyRefusal(view: ThresholdView, record: CeremonyRecord): string | null {
  const id = record.campaignId
  const trustees = trusteesOf(view, id)
  if (record.kind === 'trustees') {
    if (view.campaign(id)) return 'ceremony_closed'
    return trustees ? 'trustees_exist' : null
  }
  if (record.kind === 'ceremony-restart') {
    if (!trustees) return 'no_trustees'
    if (view.campaign(id)) return 'ceremony_closed'
    const done = restartsOf(view, id)
    if (done >= CEREMONY_RESTARTS_MAX) return `too_many_restarts: ${done} already`
    // numbered, so that no two restarts are the same bytes (the same tx)
    return record.restart === done + 1
      ? null
      : `bad_index: restart ${record.restart}, expected ${done + 1}`
  }
  if (!trustees) return 'no_trustees'
  if (view.campaign(id)) return 'ceremony_closed'
  const n = trustees.trustees
  switch (record.kind) {
    case 'trustee-key': {
      const { index } = record.key
      if (index > n) return `bad_index: trustee ${index} of ${n}`
      if (trusteeKeyOf(view, id, index)) return 'duplicate_trustee_key'
      return verifyTrusteeKey(record.key) ? null : 'invalid_proof'
    }
    case 'dkg-dealing':
      return dealingRefusal(view, trustees, record.dealing)
    case 'dkg-complaint':
      return complaintRefusal(view, trustees, record.complaint)
  }
}

function dealingRefusal(
  view: ThresholdView,
  trustees: TrusteesEntry,
  dealing: Dealing
): string | null {
  const p = params(view, dealing.campaignId, trustees)
  if (!p) return 'ceremony_keys_incomplete'
  if (dealing.dealer > trustees.trustees)
    return `bad_index: dealer ${dealing.dealer} of ${trustees.trustees}`
  const stored = dealingsOf(view, dealing.campaignId, dealing.dealer)
  if (stored.length >= DEALING_SLOTS) return 'too_many_dealings'
  const defect = dealingDefect(p, dealing)
  if (defect !== null) return `invalid_dealing: ${defect}`
  // the same dealing twice (another admin's countersignature) adds nothing: one stored copy suffices
  // (decoding is canonical, so equal dealings have equal bytes)
  const bytes = encodeDealing(dealing)
  return stored.some((s) => bytesEqual(s.bytes, bytes)) ? 'duplicate_dealing' : null
}

function complaintRefusal(
  view: ThresholdView,
  trustees: TrusteesEntry,
  complaint: Complaint
): string | null {
  const { campaignId, complainer, dealer } = complaint
  const dealings = dealingsOf(view, campaignId, dealer)
  if (dealings.length === 0) return 'unknown_dealing'
  // a stored dealing implies all n keys: the params exist
  const p = params(view, campaignId, trustees)!
  if (complainer > trustees.trustees)
    return `bad_index: complainer ${complainer} of ${trustees.trustees}`
  if (complaintOf(view, campaignId, complainer, dealer)) return 'duplicate_complaint'
  // against an equivocating dealer, a complaint about either dealing counts
  const founded = dealings.some(
    (d) => judgeComplaint(p, d.dealing, complaint) !== 'invalid_complaint'
  )
  return founded ? null : 'invalid_complaint'
}

/** Stores an accepted ceremony record in the block's overlay. */
export function storeCeremonyRecord(
  view: ThresholdView,
  record: CeremonyRecord,
  payloadBytes: Uint8Array
): void {
  const id = record.campaignId
  const scope = ceremonyScope(view, id)
  switch (record.kind) {
    case 'trustees':
      view.put((m) => m.trustees, id, { threshold: record.threshold, trustees: record.trustees })
      return
    case 'ceremony-restart':
      // a new scope: the earlier ceremony's keys, dealings and complaints are no longer read
      view.put((m) => m.restarts, id, restartsOf(view, id) + 1)
      view.put((m) => m.trustees, id, { threshold: record.threshold, trustees: record.trustees })
      return
    case 'trustee-key':
      view.put((m) => m.keys, `${scope}/${record.key.index}`, record.key)
      return
    case 'dkg-dealing': {
      const { dealer } = record.dealing
      const slot = dealingsOf(view, id, dealer).length
      view.put((m) => m.dealings, `${scope}/${dealer}/${slot}`, {
        dealing: record.dealing,
        bytes: payloadBytes,
      })
      return
    }
    case 'dkg-complaint': {
      const { complainer, dealer } = record.complaint
      view.put((m) => m.complaints, `${scope}/${complainer}/${dealer}`, record.complaint)
      return
    }
  }
}

/** A campaign tx that does not fit the committed trustees record (a trustees record is final). */
function trusteesMismatch(campaign: Campaign, trustees: TrusteesEntry | undefined): string | null {
  const enc = campaign.encryption
  if (!enc) return trustees ? 'ceremony_mismatch: campaign has trustees' : null
  if (!trustees) return 'ceremony_mismatch: no trustees record'
  if (enc.threshold === trustees.threshold && enc.trustees === trustees.trustees) return null
  return (
    `ceremony_mismatch: ${enc.threshold} of ${enc.trustees}, ` +
    `the trustees record says ${trustees.threshold} of ${trustees.trustees}`
  )
}

/**
 * The ceremony check of a campaign tx: an encrypted campaign needs the trustees record with its t
 * and n, every trustee key, and `ceremonyResult` over the stored dealings and complaints giving
 * exactly its election key; a campaign in clear may not have trustees (the operator could otherwise
 * register it in clear after the ceremony began).
 */
export function campaignCeremonyRefusal(view: ThresholdView, campaign: Campaign): string | null {
  const trustees = trusteesOf(view, campaign.id)
  const mismatch = trusteesMismatch(campaign, trustees)
  if (mismatch !== null || !campaign.encryption || !trustees) return mismatch
  const { keys, missing } = ceremonyKeys(view, campaign.id, trustees)
  if (missing.length > 0) return `ceremony_incomplete: no key from trustee ${missing.join(', ')}`
  const dealings: Dealing[] = []
  const complaints: Complaint[] = []
  for (let i = 1; i <= trustees.trustees; i++) {
    for (const d of dealingsOf(view, campaign.id, i)) dealings.push(d.dealing)
    for (let j = 1; j <= trustees.trustees; j++) {
      const c = complaintOf(view, campaign.id, j, i)
      if (c) complaints.push(c)
    }
  }
  const p: CeremonyParams = {
    campaignId: campaign.id,
    threshold: trustees.threshold,
    trusteeKeys: keys,
  }
  const result = ceremonyResult(p, dealings, complaints)
  if (!result.ok)
    return `too_few_qualified: ${result.qualified.length} qualified, threshold ${trustees.threshold}`
  return bytesEqual(pointBytes(result.electionKey), campaign.encryption.electionKey)
    ? null
    : 'ceremony_mismatch: election key'
}

/**
 * The admission answer for a campaign tx from the committed state: only what no pending record can
 * change — a committed trustees record that the campaign does not fit (keys, dealings, complaints
 * and the trustees record itself may still be on their way).
 */
export function campaignCeremonyPrecheck(view: ThresholdView, campaign: Campaign): string | null {
  const trustees = trusteesOf(view, campaign.id)
  return trustees ? trusteesMismatch(campaign, trustees) : null
}
