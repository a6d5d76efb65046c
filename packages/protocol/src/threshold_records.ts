/*
| The threshold-encryption records of the `pb` app (protocol.md "Threshold encryption", "Ledger records
| of an encrypted campaign"): each is an admin-countersigned record tx `[1, kind, payloadBytes, adminKey,
| signature]` whose payload is one of the ceremony's or the decryption's own encodings:
|
|   trustees          [1, campaignId, threshold, trustees]          t of n, once per ceremony
|   ceremony-restart  [1, campaignId, restart, threshold, trustees] the campaign's restart-th new
|                                                                   ceremony (t of n), before the campaign tx
|   trustee-key       trusteeKey   (dkg.ts)                          one per trustee index
|   dkg-dealing       dealing      (dkg.ts)
|   dkg-complaint     complaint    (dkg.ts)
|   decryption-shares shareBatch   (decryption.ts)
|
| and the campaign's encryption parameters, the optional ninth item of campaign bytes:
|
|   encryption        [threshold, trustees, electionKey(32), paddedLength]
|
| Decoding is strict (the record decoders' own canonical checks, points validated) and throws
| `EncodingError`, like every other record payload.
*/
import { cborEncode, readArray, readBytes, readUint } from './cbor.js'
import {
  decodeComplaint,
  decodeDealing,
  decodeTrusteeKey,
  encodeComplaint,
  encodeDealing,
  encodeTrusteeKey,
  type Complaint,
  type Dealing,
  type TrusteeKeyRecord,
} from './dkg.js'
import {
  decodeDecryptionShareBatch,
  encodeDecryptionShareBatch,
  type DecryptionShareBatch,
} from './decryption.js'
import { decodeStrict, type Decoded } from './decoded.js'
import { campaignPaddedLength } from './encrypted_ballot.js'
import { EncodingError } from './errors.js'
import { CEREMONY_RESTARTS_MAX, PADDED_CHOICES_BYTES_MAX, TRUSTEES_MAX } from './limits.js'
import { parsePoint, POINT_BYTES } from './ristretto.js'
import type { BallotRule } from './rules.js'

export const THRESHOLD_RECORD_KINDS = [
  'trustees',
  'ceremony-restart',
  'trustee-key',
  'dkg-dealing',
  'dkg-complaint',
  'decryption-shares',
] as const
export type ThresholdRecordKind = (typeof THRESHOLD_RECORD_KINDS)[number]

export type ThresholdRecord =
  | { kind: 'trustees'; campaignId: number; threshold: number; trustees: number }
  | {
      kind: 'ceremony-restart'
      campaignId: number
      /** 1 for the campaign's first restart, 2 for the next… (so no two restarts have equal bytes). */
      restart: number
      threshold: number
      trustees: number
    }
  | { kind: 'trustee-key'; campaignId: number; key: TrusteeKeyRecord }
  | { kind: 'dkg-dealing'; campaignId: number; dealing: Dealing }
  | { kind: 'dkg-complaint'; campaignId: number; complaint: Complaint }
  | { kind: 'decryption-shares'; campaignId: number; batch: DecryptionShareBatch }

/** An encrypted campaign's parameters, fixed by its campaign tx (the ceremony's result). */
export interface CampaignEncryption {
  threshold: number
  trustees: number
  /** The election key PK (ristretto255, 32 bytes) the ceremony's qualified dealers produced. */
  electionKey: Uint8Array
  /** Every ballot's padded plaintext length (≥ `campaignPaddedLength` of the campaign). */
  paddedLength: number
}

export function isThresholdRecordKind(kind: string): kind is ThresholdRecordKind {
  return (THRESHOLD_RECORD_KINDS as readonly string[]).includes(kind)
}

function checkThreshold(threshold: number, trustees: number, what: string): void {
  if (threshold < 1 || threshold > trustees || trustees > TRUSTEES_MAX)
    throw new EncodingError('malformed', `${what}: 1 ≤ threshold ≤ trustees ≤ ${TRUSTEES_MAX}`)
}

function checkRestart(restart: number): void {
  if (restart < 1 || restart > CEREMONY_RESTARTS_MAX)
    throw new EncodingError('malformed', `ceremony-restart: 1 ≤ restart ≤ ${CEREMONY_RESTARTS_MAX}`)
}

function value<T>(decoded: Decoded<T>): T {
  if (!decoded.ok) throw new EncodingError('malformed', decoded.error.message)
  return decoded.value
}

export function encodeThresholdRecord(record: ThresholdRecord): Uint8Array {
  switch (record.kind) {
    case 'trustees':
      checkThreshold(record.threshold, record.trustees, record.kind)
      return cborEncode([1, record.campaignId, record.threshold, record.trustees])
    case 'ceremony-restart':
      checkThreshold(record.threshold, record.trustees, record.kind)
      checkRestart(record.restart)
      return cborEncode([1, record.campaignId, record.restart, record.threshold, record.trustees])
    case 'trustee-key':
      return encodeTrusteeKey(record.key)
    case 'dkg-dealing':
      return encodeDealing(record.dealing)
    case 'dkg-complaint':
      return encodeComplaint(record.complaint)
    case 'decryption-shares':
      return encodeDecryptionShareBatch(record.batch)
  }
}

/** Strict decoding of a threshold record payload; throws `EncodingError` with the reason. */
export function decodeThresholdRecord(
  kind: ThresholdRecordKind,
  bytes: Uint8Array
): ThresholdRecord {
  switch (kind) {
    case 'trustees': {
      const a = value(
        decodeStrict(bytes, 1024, kind, (v) => {
          const [version, campaignId, threshold, trustees] = readArray(v, kind, 4)
          if (version !== 1) throw new EncodingError('malformed', `${kind}: unsupported version`)
          return {
            campaignId: readUint(campaignId, `${kind}.campaignId`),
            threshold: readUint(threshold, `${kind}.threshold`, TRUSTEES_MAX),
            trustees: readUint(trustees, `${kind}.trustees`, TRUSTEES_MAX),
          }
        })
      )
      checkThreshold(a.threshold, a.trustees, kind)
      return { kind, ...a }
    }
    case 'ceremony-restart': {
      const a = value(
        decodeStrict(bytes, 1024, kind, (v) => {
          const [version, campaignId, restart, threshold, trustees] = readArray(v, kind, 5)
          if (version !== 1) throw new EncodingError('malformed', `${kind}: unsupported version`)
          return {
            campaignId: readUint(campaignId, `${kind}.campaignId`),
            restart: readUint(restart, `${kind}.restart`, CEREMONY_RESTARTS_MAX),
            threshold: readUint(threshold, `${kind}.threshold`, TRUSTEES_MAX),
            trustees: readUint(trustees, `${kind}.trustees`, TRUSTEES_MAX),
          }
        })
      )
      checkThreshold(a.threshold, a.trustees, kind)
      checkRestart(a.restart)
      return { kind, ...a }
    }
    case 'trustee-key': {
      const key = value(decodeTrusteeKey(bytes))
      return { kind, campaignId: key.campaignId, key }
    }
    case 'dkg-dealing': {
      const dealing = value(decodeDealing(bytes))
      return { kind, campaignId: dealing.campaignId, dealing }
    }
    case 'dkg-complaint': {
      const complaint = value(decodeComplaint(bytes))
      return { kind, campaignId: complaint.campaignId, complaint }
    }
    case 'decryption-shares': {
      const batch = value(decodeDecryptionShareBatch(bytes))
      return { kind, campaignId: batch.campaignId, batch }
    }
  }
}

export function encryptionToCbor(e: CampaignEncryption) {
  return [e.threshold, e.trustees, e.electionKey, e.paddedLength]
}

/** The ninth campaign item: checked against the campaign's pots and projects (padding fits every ballot). */
export function encryptionFromCbor(
  v: unknown,
  campaign: { pots: readonly { rule: BallotRule }[]; projects: readonly { id: number }[] }
): CampaignEncryption {
  const a = readArray(v, 'campaign.encryption', 4)
  const e: CampaignEncryption = {
    threshold: readUint(a[0], 'encryption.threshold', TRUSTEES_MAX),
    trustees: readUint(a[1], 'encryption.trustees', TRUSTEES_MAX),
    electionKey: readBytes(a[2], 'encryption.electionKey', POINT_BYTES).slice(),
    paddedLength: readUint(a[3], 'encryption.paddedLength', PADDED_CHOICES_BYTES_MAX),
  }
  checkThreshold(e.threshold, e.trustees, 'campaign.encryption')
  parsePoint(e.electionKey, 'encryption.electionKey')
  const least = campaignPaddedLength(campaign)
  if (e.paddedLength < least)
    throw new EncodingError(
      'malformed',
      `campaign.encryption: paddedLength ${e.paddedLength} < ${least}, the size of the longest valid ballot`
    )
  return e
}
