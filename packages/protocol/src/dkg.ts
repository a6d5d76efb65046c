/**
 * The trustees' key ceremony (protocol.md "Threshold encryption"): a Pedersen DKG ("joint Feldman")
 * over ristretto255 with t-of-n trustees numbered 1..n.
 *
 *   trustee key  = [1, campaignId, index, ceremonyKey P_j, pok]       P_j = k_j·G, the key shares are sent to
 *   dealing      = [1, campaignId, dealer, [C_0…C_{t−1}], pok, [[E_j, box_j] for j = 1..n]]
 *                  f_i(x) = a_0 + a_1·x + … + a_{t−1}·x^{t−1},  C_m = a_m·G,  s_ij = f_i(j)
 *                  box_j = ChaCha20-Poly1305 of s_ij under HKDF(e·P_j), E_j = e·G (fresh e per recipient)
 *   complaint    = [1, campaignId, complainer, dealer, K, proof]     K = k_j·E_j, proof: log_G(P_j) = log_{E_j}(K)
 *
 * A complaint reveals the key-agreement point of one box together with a Chaum–Pedersen proof that it
 * is the right one, so anyone can open the box and see whether the share matches the dealer's
 * commitments: the dealer is at fault (excluded) or the complaint is unfounded — no dealer reply needed.
 * Everything here that decides the ceremony's outcome (`ceremonyResult`) reads public records only.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes, domainMessage, equalBytes, uint64be } from './bytes.js'
import { cborEncode, isUint, readArray, readBytes, readUint } from './cbor.js'
import {
  type Decoded,
  decodeStrict,
  readCompactProof,
  readKnowledgeProof,
  readPoint,
  readVersion,
} from './decoded.js'
import { EncodingError } from './errors.js'
import { RECORD_PAYLOAD_BYTES_MAX, TRUSTEES_MAX } from './limits.js'
import {
  addScalars,
  baseMul,
  evaluateCommitments,
  evaluatePolynomial,
  parseScalar,
  pointBytes,
  proveEqualLogs,
  proveKnowledge,
  randomScalar,
  RistrettoPoint,
  type Rng,
  scalarToBytes,
  systemRng,
  verifyEqualLogs,
  verifyKnowledge,
} from './ristretto.js'
import { TAG_DKG_COMPLAINT, TAG_DKG_DEALING, TAG_DKG_SHARE, TAG_TRUSTEE_KEY } from './tags.js'

export const DKG_VERSION = 1
/** A share box: 32-byte scalar + 16-byte Poly1305 tag. */
export const SHARE_BOX_BYTES = 48

/** The ceremony's public setting: campaign, threshold t and the trustees' ceremony keys (n = length). */
export interface CeremonyParams {
  campaignId: number
  threshold: number
  /** `trusteeKeys[j − 1]` is trustee j's ceremony key. */
  trusteeKeys: readonly RistrettoPoint[]
}

export interface TrusteeKeyRecord {
  campaignId: number
  index: number
  ceremonyKey: RistrettoPoint
  /** Schnorr proof of knowledge of the ceremony secret, `A ‖ s` (`TAG_TRUSTEE_KEY`). */
  proof: Uint8Array
}

export interface EncryptedShare {
  ephemeral: RistrettoPoint
  box: Uint8Array
}

export interface Dealing {
  campaignId: number
  dealer: number
  /** Feldman commitments `C_m = a_m·G`, m = 0..t−1. */
  commitments: RistrettoPoint[]
  /** Schnorr proof of knowledge of `a_0`, `A ‖ s` (`TAG_DKG_DEALING`), binding every commitment. */
  proof: Uint8Array
  /** `shares[j − 1]` is for trustee j (the dealer's own included, so a ceremony key restores it). */
  shares: EncryptedShare[]
}

export interface Complaint {
  campaignId: number
  complainer: number
  dealer: number
  /** `K = k_complainer · E`, the key-agreement point of the complainer's box. */
  sharedPoint: RistrettoPoint
  /** Chaum–Pedersen, compact `c ‖ s`: `log_G(P_complainer) = log_E(K)` (`TAG_DKG_COMPLAINT`). */
  proof: Uint8Array
}

export type ExclusionReason = 'invalid_dealing' | 'equivocation' | 'complaint_upheld'

export interface CeremonyOutcome {
  /** Dealers whose dealings count, ascending. */
  qualified: number[]
  excluded: { dealer: number; reason: ExclusionReason; complainer?: number }[]
  /** Trustees who posted no dealing. */
  absent: number[]
}

export type CeremonyResult =
  | (CeremonyOutcome & {
      ok: true
      /** `PK = Σ_{i∈QUAL} C_{i,0}`. */
      electionKey: RistrettoPoint
      /** Commitments of the joint polynomial: `Σ_{i∈QUAL} C_{i,m}`. */
      commitments: RistrettoPoint[]
      /** `publicShares[j − 1] = X_j = x_j·G`, the image of trustee j's key share. */
      publicShares: RistrettoPoint[]
    })
  | (CeremonyOutcome & { ok: false; reason: 'too_few_qualified' })

/* -------------------------------------------------------------------------------------- contexts */

function context(campaignId: number, ...indices: number[]): Uint8Array {
  return concatBytes(uint64be(campaignId), ...indices.map((i) => uint64be(i)))
}

function validIndex(index: unknown, n: number): index is number {
  return isUint(index) && index >= 1 && index <= n
}

/** Throws a `RangeError` unless 1 ≤ t ≤ n ≤ TRUSTEES_MAX and the campaign id is a uint. */
export function assertCeremonyParams(params: CeremonyParams): void {
  const n = params.trusteeKeys.length
  if (!isUint(params.campaignId)) throw new RangeError('campaignId must be a uint')
  if (n < 1 || n > TRUSTEES_MAX) throw new RangeError(`1..${TRUSTEES_MAX} trustees expected`)
  if (!isUint(params.threshold) || params.threshold < 1 || params.threshold > n) {
    throw new RangeError('threshold must be between 1 and the number of trustees')
  }
}

/* ---------------------------------------------------------------------------------- trustee keys */

/** A fresh ceremony key for trustee `index` of a campaign: keep `secret`, publish `record`. */
export function generateTrusteeKey(
  campaignId: number,
  index: number,
  rng: Rng = systemRng
): { secret: bigint; record: TrusteeKeyRecord } {
  const secret = randomScalar(rng)
  const ceremonyKey = baseMul(secret)
  const proof = proveKnowledge(
    TAG_TRUSTEE_KEY,
    context(campaignId, index),
    secret,
    ceremonyKey,
    rng
  )
  return { secret, record: { campaignId, index, ceremonyKey, proof } }
}

export function verifyTrusteeKey(record: TrusteeKeyRecord): boolean {
  return verifyKnowledge({
    tag: TAG_TRUSTEE_KEY,
    context: context(record.campaignId, record.index),
    X: record.ceremonyKey,
    proof: record.proof,
  })
}

/* -------------------------------------------------------------------------------------- dealings */

function shareAad(campaignId: number, dealer: number, recipient: number): Uint8Array {
  return domainMessage(TAG_DKG_SHARE, context(campaignId, dealer, recipient))
}

/** ChaCha20-Poly1305 key and nonce of one box: HKDF-SHA256(K; info = aad ‖ E ‖ P_j), 44 bytes. */
function shareCipher(
  sharedPoint: RistrettoPoint,
  campaignId: number,
  dealer: number,
  recipient: number,
  ephemeral: RistrettoPoint,
  recipientKey: RistrettoPoint
) {
  const aad = shareAad(campaignId, dealer, recipient)
  const info = concatBytes(aad, pointBytes(ephemeral), pointBytes(recipientKey))
  const okm = hkdf(sha256, pointBytes(sharedPoint), undefined, info, 44)
  return chacha20poly1305(okm.subarray(0, 32), okm.subarray(32), aad)
}

/**
 * The box of `share` from `dealer` to `recipient`: fresh `e`, `E = e·G`, key from `e·P_recipient`.
 * (`createDealing` uses it for every trustee; tests use it to build a dishonest dealing.)
 */
export function sealShare(
  params: CeremonyParams,
  dealer: number,
  recipient: number,
  share: bigint,
  rng: Rng = systemRng
): EncryptedShare {
  const recipientKey = params.trusteeKeys[recipient - 1]
  const e = randomScalar(rng)
  const ephemeral = baseMul(e)
  const cipher = shareCipher(
    recipientKey.multiply(e),
    params.campaignId,
    dealer,
    recipient,
    ephemeral,
    recipientKey
  )
  return { ephemeral, box: cipher.encrypt(scalarToBytes(share)) }
}

function dealingContext(campaignId: number, dealer: number, commitments: RistrettoPoint[]) {
  return concatBytes(context(campaignId, dealer), ...commitments.slice(1).map((c) => pointBytes(c)))
}

/** Dealer `dealer`'s random polynomial, its commitments, its proof and a box for every trustee. */
export function createDealing(
  params: CeremonyParams,
  dealer: number,
  rng: Rng = systemRng
): Dealing {
  assertCeremonyParams(params)
  const { campaignId, threshold, trusteeKeys } = params
  if (!validIndex(dealer, trusteeKeys.length)) throw new RangeError('dealer is not a trustee')
  const coefficients = Array.from({ length: threshold }, () => randomScalar(rng))
  const commitments = coefficients.map((a) => baseMul(a))
  const proof = proveKnowledge(
    TAG_DKG_DEALING,
    dealingContext(campaignId, dealer, commitments),
    coefficients[0],
    commitments[0],
    rng
  )
  const shares = trusteeKeys.map((_, position) =>
    sealShare(params, dealer, position + 1, evaluatePolynomial(coefficients, position + 1), rng)
  )
  return { campaignId, dealer, commitments, proof, shares }
}

/** Why a dealing cannot count (wrong campaign, shape or proof), or null when it is well-formed. */
export function dealingDefect(params: CeremonyParams, dealing: Dealing): string | null {
  const n = params.trusteeKeys.length
  if (dealing.campaignId !== params.campaignId) return 'wrong_campaign'
  if (!validIndex(dealing.dealer, n)) return 'unknown_dealer'
  if (dealing.commitments.length !== params.threshold) return 'wrong_threshold'
  if (dealing.shares.length !== n) return 'wrong_trustee_count'
  if (dealing.shares.some((share) => share.box.length !== SHARE_BOX_BYTES)) return 'bad_box'
  const proofOk = verifyKnowledge({
    tag: TAG_DKG_DEALING,
    context: dealingContext(dealing.campaignId, dealing.dealer, dealing.commitments),
    X: dealing.commitments[0],
    proof: dealing.proof,
  })
  return proofOk ? null : 'bad_proof'
}

export type ShareOpening =
  | { ok: true; share: bigint }
  | { ok: false; reason: 'undecryptable' | 'bad_scalar' | 'inconsistent' }

/** Opens box `recipient` with its key-agreement point and checks it against the commitments. */
function openBox(
  params: CeremonyParams,
  dealing: Dealing,
  recipient: number,
  sharedPoint: RistrettoPoint
): ShareOpening {
  const { ephemeral, box } = dealing.shares[recipient - 1]
  const recipientKey = params.trusteeKeys[recipient - 1]
  let plaintext: Uint8Array
  try {
    plaintext = shareCipher(
      sharedPoint,
      dealing.campaignId,
      dealing.dealer,
      recipient,
      ephemeral,
      recipientKey
    ).decrypt(box)
  } catch {
    return { ok: false, reason: 'undecryptable' }
  }
  let share: bigint
  try {
    share = parseScalar(plaintext)
  } catch {
    return { ok: false, reason: 'bad_scalar' }
  }
  const image = share === 0n ? RistrettoPoint.ZERO : baseMul(share)
  if (!image.equals(evaluateCommitments(dealing.commitments, recipient))) {
    return { ok: false, reason: 'inconsistent' }
  }
  return { ok: true, share }
}

/** The recipient's side: decrypt my box of a (well-formed) dealing and verify it (Feldman). */
export function openShare(
  params: CeremonyParams,
  dealing: Dealing,
  recipient: number,
  ceremonySecret: bigint
): ShareOpening {
  const box = dealing.shares[recipient - 1]
  if (!box || dealing.shares.length !== params.trusteeKeys.length) {
    return { ok: false, reason: 'undecryptable' }
  }
  const { ephemeral } = box
  return openBox(params, dealing, recipient, ephemeral.multiply(ceremonySecret))
}

/* ------------------------------------------------------------------------------------ complaints */

/** A complaint against `dealing` by `complainer`, who could not open or verify their box. */
export function makeComplaint(
  params: CeremonyParams,
  dealing: Dealing,
  complainer: number,
  ceremonySecret: bigint,
  rng: Rng = systemRng
): Complaint {
  const { ephemeral } = dealing.shares[complainer - 1]
  const sharedPoint = ephemeral.multiply(ceremonySecret)
  const proof = proveEqualLogs(
    TAG_DKG_COMPLAINT,
    context(dealing.campaignId, complainer, dealing.dealer),
    ceremonySecret,
    params.trusteeKeys[complainer - 1],
    ephemeral,
    sharedPoint,
    rng
  )
  return {
    campaignId: dealing.campaignId,
    complainer,
    dealer: dealing.dealer,
    sharedPoint,
    proof,
  }
}

export type ComplaintVerdict = 'invalid_complaint' | 'dealer_at_fault' | 'unfounded'

/**
 * Anyone's judgement of a complaint against a well-formed dealing: `invalid_complaint` (wrong
 * campaign, dealer or complainer, or the proof fails: ignored), `dealer_at_fault` (the box does not
 * open to a share matching the commitments) or `unfounded` (it does).
 */
export function judgeComplaint(
  params: CeremonyParams,
  dealing: Dealing,
  complaint: Complaint
): ComplaintVerdict {
  const n = params.trusteeKeys.length
  if (complaint.campaignId !== params.campaignId || complaint.dealer !== dealing.dealer) {
    return 'invalid_complaint'
  }
  if (!validIndex(complaint.complainer, n) || dealing.shares.length !== n) {
    return 'invalid_complaint'
  }
  const { ephemeral } = dealing.shares[complaint.complainer - 1]
  const proofOk = verifyEqualLogs(
    TAG_DKG_COMPLAINT,
    context(complaint.campaignId, complaint.complainer, complaint.dealer),
    params.trusteeKeys[complaint.complainer - 1],
    ephemeral,
    complaint.sharedPoint,
    complaint.proof
  )
  if (!proofOk) return 'invalid_complaint'
  const opening = openBox(params, dealing, complaint.complainer, complaint.sharedPoint)
  return opening.ok ? 'unfounded' : 'dealer_at_fault'
}

/* ------------------------------------------------------------------------------------- the result */

/**
 * The ceremony's outcome from its public records alone. A dealer is excluded for a malformed dealing
 * (`invalid_dealing`), for two different dealings (`equivocation`) or for one upheld complaint
 * (`complaint_upheld`); the rest is the qualified set QUAL. With |QUAL| ≥ t, the election key is
 * `Σ C_{i,0}` and trustee j's public share `X_j = Σ_{i∈QUAL} Σ_m j^m·C_{i,m}`. The order of the
 * records does not matter.
 */
export function ceremonyResult(
  params: CeremonyParams,
  dealings: readonly Dealing[],
  complaints: readonly Complaint[]
): CeremonyResult {
  assertCeremonyParams(params)
  const n = params.trusteeKeys.length
  const byDealer = new Map<number, Dealing[]>()
  for (const dealing of dealings) {
    if (dealing.campaignId !== params.campaignId || !validIndex(dealing.dealer, n)) continue
    const list = byDealer.get(dealing.dealer) ?? []
    if (!list.some((other) => equalBytes(encodeDealing(other), encodeDealing(dealing)))) {
      list.push(dealing)
    }
    byDealer.set(dealing.dealer, list)
  }
  const excluded: CeremonyOutcome['excluded'] = []
  const absent: number[] = []
  const candidates = new Map<number, Dealing>()
  for (let dealer = 1; dealer <= n; dealer++) {
    const list = byDealer.get(dealer)
    if (!list) absent.push(dealer)
    else if (list.length > 1) excluded.push({ dealer, reason: 'equivocation' })
    else if (dealingDefect(params, list[0])) excluded.push({ dealer, reason: 'invalid_dealing' })
    else candidates.set(dealer, list[0])
  }
  const ordered = [...complaints].sort((a, b) => a.dealer - b.dealer || a.complainer - b.complainer)
  for (const complaint of ordered) {
    const dealing = candidates.get(complaint.dealer)
    if (!dealing || judgeComplaint(params, dealing, complaint) !== 'dealer_at_fault') continue
    candidates.delete(complaint.dealer)
    excluded.push({
      dealer: complaint.dealer,
      reason: 'complaint_upheld',
      complainer: complaint.complainer,
    })
  }
  excluded.sort((a, b) => a.dealer - b.dealer)
  const qualified = [...candidates.keys()].sort((a, b) => a - b)
  if (qualified.length < params.threshold) {
    return { ok: false, reason: 'too_few_qualified', qualified, excluded, absent }
  }
  const commitments = Array.from({ length: params.threshold }, (_, m) =>
    qualified.reduce(
      (sum, dealer) => sum.add(candidates.get(dealer)!.commitments[m]),
      RistrettoPoint.ZERO
    )
  )
  const publicShares = params.trusteeKeys.map((_, position) =>
    evaluateCommitments(commitments, position + 1)
  )
  return {
    ok: true,
    qualified,
    excluded,
    absent,
    electionKey: commitments[0],
    commitments,
    publicShares,
  }
}

export type SecretShareResult =
  | { ok: true; share: bigint }
  | { ok: false; reason: 'bad_share'; dealer: number }
  | { ok: false; reason: 'share_mismatch' }

/**
 * Trustee `index`'s key share `x_j = Σ_{i∈QUAL} s_ij`, from its ceremony secret and the public
 * dealings; checked against `X_j` of the result. `bad_share` names a qualified dealer whose box does
 * not open for this trustee (the complaint this trustee should have made).
 */
export function trusteeSecretShare(
  params: CeremonyParams,
  result: Extract<CeremonyResult, { ok: true }>,
  dealings: readonly Dealing[],
  index: number,
  ceremonySecret: bigint
): SecretShareResult {
  let share = 0n
  for (const dealer of result.qualified) {
    const dealing = dealings.find((d) => d.dealer === dealer && d.campaignId === params.campaignId)
    if (!dealing) return { ok: false, reason: 'bad_share', dealer }
    const opening = openShare(params, dealing, index, ceremonySecret)
    if (!opening.ok) return { ok: false, reason: 'bad_share', dealer }
    share = addScalars(share, opening.share)
  }
  if (share === 0n || !baseMul(share).equals(result.publicShares[index - 1])) {
    return { ok: false, reason: 'share_mismatch' }
  }
  return { ok: true, share }
}

/* ----------------------------------------------------------------------------------------- codecs */

function readIndex(v: unknown, what: string): number {
  const index = readUint(v, what, TRUSTEES_MAX)
  if (index < 1) throw new EncodingError('malformed', `${what}: trustee indices start at 1`)
  return index
}

function readList(v: unknown, what: string): unknown[] {
  const list = readArray(v, what)
  if (list.length < 1 || list.length > TRUSTEES_MAX) {
    throw new EncodingError('malformed', `${what}: 1..${TRUSTEES_MAX} items expected`)
  }
  return list
}

export function encodeTrusteeKey(record: TrusteeKeyRecord): Uint8Array {
  return cborEncode([
    DKG_VERSION,
    record.campaignId,
    record.index,
    pointBytes(record.ceremonyKey),
    record.proof,
  ])
}

export function decodeTrusteeKey(bytes: Uint8Array): Decoded<TrusteeKeyRecord> {
  return decodeStrict(bytes, 1024, 'trustee key', (value) => {
    const [version, campaignId, index, key, proof] = readArray(value, 'trustee key', 5)
    readVersion(version, DKG_VERSION, 'trustee key')
    return {
      campaignId: readUint(campaignId, 'campaignId'),
      index: readIndex(index, 'index'),
      ceremonyKey: readPoint(key, 'ceremonyKey'),
      proof: readKnowledgeProof(proof, 'proof'),
    }
  })
}

export function encodeDealing(dealing: Dealing): Uint8Array {
  return cborEncode([
    DKG_VERSION,
    dealing.campaignId,
    dealing.dealer,
    dealing.commitments.map((c) => pointBytes(c)),
    dealing.proof,
    dealing.shares.map((s) => [pointBytes(s.ephemeral), s.box]),
  ])
}

export function decodeDealing(bytes: Uint8Array): Decoded<Dealing> {
  return decodeStrict(bytes, RECORD_PAYLOAD_BYTES_MAX, 'dealing', (value) => {
    const [version, campaignId, dealer, commitments, proof, shares] = readArray(value, 'dealing', 6)
    readVersion(version, DKG_VERSION, 'dealing')
    return {
      campaignId: readUint(campaignId, 'campaignId'),
      dealer: readIndex(dealer, 'dealer'),
      commitments: readList(commitments, 'commitments').map((c, m) =>
        readPoint(c, `commitments[${m}]`)
      ),
      proof: readKnowledgeProof(proof, 'proof'),
      shares: readList(shares, 'shares').map((entry, j) => {
        const [ephemeral, box] = readArray(entry, `shares[${j}]`, 2)
        return {
          ephemeral: readPoint(ephemeral, `shares[${j}].ephemeral`),
          box: readBytes(box, `shares[${j}].box`, SHARE_BOX_BYTES).slice(),
        }
      }),
    }
  })
}

export function encodeComplaint(complaint: Complaint): Uint8Array {
  return cborEncode([
    DKG_VERSION,
    complaint.campaignId,
    complaint.complainer,
    complaint.dealer,
    pointBytes(complaint.sharedPoint),
    complaint.proof,
  ])
}

export function decodeComplaint(bytes: Uint8Array): Decoded<Complaint> {
  return decodeStrict(bytes, 1024, 'complaint', (value) => {
    const [version, campaignId, complainer, dealer, shared, proof] = readArray(
      value,
      'complaint',
      6
    )
    readVersion(version, DKG_VERSION, 'complaint')
    return {
      campaignId: readUint(campaignId, 'campaignId'),
      complainer: readIndex(complainer, 'complainer'),
      dealer: readIndex(dealer, 'dealer'),
      sharedPoint: readPoint(shared, 'sharedPoint'),
      proof: readCompactProof(proof, 'proof'),
    }
  })
}
