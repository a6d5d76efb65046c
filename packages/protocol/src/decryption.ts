/**
 * Decryption shares after the close (protocol.md "Threshold encryption"): trustee i publishes, for
 * each encrypted ballot with ephemeral R, `D_i = x_i·R` and a Chaum–Pedersen proof that
 * `log_G(X_i) = log_R(D_i)`; any t valid shares give `S = x·R = Σ λ_i·D_i`, which opens the ballot.
 *
 *   share          = D(32) ‖ A1(32) ‖ A2(32) ‖ s(32)       A1 = k·G, A2 = k·R, s = k + c·x_i
 *   c              = Hs("civic-budget/decryption-share/v1", uint64be(campaignId) ‖ uint64be(i) ‖
 *                       X_i ‖ R ‖ D ‖ A1 ‖ A2)
 *   share batch    = [1, campaignId, trustee, first, [share(128)…]]    shares for the ballots at
 *                    positions first, first + 1, … of the campaign's ordered encrypted ballots
 *
 * The proofs keep their commitments (not the compact `c ‖ s`) so that a whole batch of one trustee
 * verifies with one multi-scalar multiplication over a random linear combination; when that fails,
 * each share is checked alone and the bad ones are named (position and trustee).
 */
import { mulAddUnsafe, pippenger } from '@noble/curves/abstract/curve.js'
import { concatBytes, uint64be } from './bytes.js'
import { cborEncode, isUint, readArray, readBytes, readUint } from './cbor.js'
import { type Decoded, decodeStrict, readVersion } from './decoded.js'
import { openChoices, type ChoicesOpening, type EncryptedBallot } from './encrypted_ballot.js'
import { EncodingError } from './errors.js'
import { DECRYPTION_SHARES_MAX, RECORD_PAYLOAD_BYTES_MAX, TRUSTEES_MAX } from './limits.js'
import {
  baseMul,
  hashToScalar,
  lagrangeAtZero,
  parsePoint,
  parseScalar,
  pointBytes,
  randomScalar,
  randomWeight,
  RistrettoPoint,
  type Rng,
  scalarToBytes,
  systemRng,
} from './ristretto.js'
import { TAG_DECRYPTION_SHARE } from './tags.js'

export const DECRYPTION_SHARES_VERSION = 1
export const DECRYPTION_SHARE_BYTES = 128

const Fn = RistrettoPoint.Fn
const G = RistrettoPoint.BASE

export interface DecryptionShare {
  /** `D = x_i·R`. */
  share: RistrettoPoint
  commitG: RistrettoPoint
  commitR: RistrettoPoint
  response: bigint
  /** The 128-byte wire form `D ‖ A1 ‖ A2 ‖ s`. */
  bytes: Uint8Array
}

export interface DecryptionShareBatch {
  campaignId: number
  trustee: number
  /** Position of the first share's ballot in the campaign's ordered list of encrypted ballots. */
  first: number
  shares: DecryptionShare[]
}

/** What a trustee needs to produce shares: its key share `x_i` and the public `X_i = x_i·G`. */
export interface TrusteeKeyShare {
  campaignId: number
  trustee: number
  keyShare: bigint
  publicShare: RistrettoPoint
}

function challenge(
  campaignId: number,
  trustee: number,
  publicShare: Uint8Array,
  ephemeral: Uint8Array,
  shareBytes: Uint8Array
): bigint {
  return hashToScalar(
    TAG_DECRYPTION_SHARE,
    uint64be(campaignId),
    uint64be(trustee),
    publicShare,
    ephemeral,
    shareBytes.subarray(0, 96)
  )
}

/** One decryption share with its proof, for the ballot whose ephemeral is `ephemeral`. */
export function makeDecryptionShare(
  key: TrusteeKeyShare,
  ephemeral: RistrettoPoint,
  rng: Rng = systemRng
): DecryptionShare {
  const share = ephemeral.multiply(key.keyShare)
  const k = randomScalar(rng)
  const commitG = baseMul(k)
  const commitR = ephemeral.multiply(k)
  const head = concatBytes(pointBytes(share), pointBytes(commitG), pointBytes(commitR))
  const c = challenge(
    key.campaignId,
    key.trustee,
    pointBytes(key.publicShare),
    pointBytes(ephemeral),
    head
  )
  const response = Fn.add(k, Fn.mul(c, key.keyShare))
  return { share, commitG, commitR, response, bytes: concatBytes(head, scalarToBytes(response)) }
}

/** A batch of shares for consecutive ballots starting at position `first`. */
export function makeDecryptionShareBatch(
  key: TrusteeKeyShare,
  ballots: readonly EncryptedBallot[],
  first: number,
  rng: Rng = systemRng
): DecryptionShareBatch {
  if (ballots.length < 1 || ballots.length > DECRYPTION_SHARES_MAX) {
    throw new RangeError(`1..${DECRYPTION_SHARES_MAX} ballots per batch`)
  }
  return {
    campaignId: key.campaignId,
    trustee: key.trustee,
    first,
    shares: ballots.map((b) => makeDecryptionShare(key, b.encrypted.ephemeral, rng)),
  }
}

/** Checks one share: `s·G = A1 + c·X_i` and `s·R = A2 + c·D`. */
export function verifyDecryptionShare(
  campaignId: number,
  trustee: number,
  publicShare: RistrettoPoint,
  ephemeral: RistrettoPoint,
  share: DecryptionShare
): boolean {
  const c = challenge(
    campaignId,
    trustee,
    pointBytes(publicShare),
    pointBytes(ephemeral),
    share.bytes
  )
  const s = share.response
  return (
    G.multiplyUnsafe(s).subtract(publicShare.multiplyUnsafe(c)).equals(share.commitG) &&
    mulAddUnsafe(RistrettoPoint, [ephemeral, share.share], [s, Fn.neg(c)]).equals(share.commitR)
  )
}

export type BatchVerdict =
  | { ok: true }
  | { ok: false; reason: 'wrong_count'; invalid: [] }
  | { ok: false; reason: 'invalid_shares'; trustee: number; invalid: number[] }

/**
 * Verifies a trustee's batch against the ephemerals of the ballots it covers (`ephemerals[k]` for
 * the share at position `first + k`) and the trustee's public share. One multi-scalar check of
 * Σ ρ_k (s_k·G − A1_k − c_k·X) + σ_k (s_k·R_k − A2_k − c_k·D_k) = 0 with random 128-bit ρ, σ (a false
 * batch passes with probability ≤ 2^-127); if it fails, `invalid` lists the bad positions.
 */
export function verifyDecryptionShareBatch(
  batch: DecryptionShareBatch,
  publicShare: RistrettoPoint,
  ephemerals: readonly RistrettoPoint[],
  rng: Rng = systemRng
): BatchVerdict {
  if (ephemerals.length !== batch.shares.length) {
    return { ok: false, reason: 'wrong_count', invalid: [] }
  }
  const X = pointBytes(publicShare)
  const challenges = batch.shares.map((share, k) =>
    challenge(batch.campaignId, batch.trustee, X, pointBytes(ephemerals[k]), share.bytes)
  )
  const points: RistrettoPoint[] = [G, publicShare]
  let gScalar = 0n
  let xScalar = 0n
  const scalars: bigint[] = []
  batch.shares.forEach((share, k) => {
    const rho = randomWeight(rng)
    const sigma = randomWeight(rng)
    const c = challenges[k]
    gScalar = Fn.add(gScalar, Fn.mul(rho, share.response))
    xScalar = Fn.add(xScalar, Fn.mul(rho, c))
    points.push(share.commitG, ephemerals[k], share.commitR, share.share)
    scalars.push(
      Fn.neg(rho),
      Fn.mul(sigma, share.response),
      Fn.neg(sigma),
      Fn.neg(Fn.mul(sigma, c))
    )
  })
  const sum = pippenger(RistrettoPoint, points, [gScalar, Fn.neg(xScalar), ...scalars])
  if (sum.is0()) return { ok: true }
  const invalid = batch.shares
    .map((share, k) =>
      verifyDecryptionShare(batch.campaignId, batch.trustee, publicShare, ephemerals[k], share)
        ? -1
        : batch.first + k
    )
    .filter((position) => position >= 0)
  return { ok: false, reason: 'invalid_shares', trustee: batch.trustee, invalid }
}

/* ---------------------------------------------------------------------------------- recombination */

export interface IndexedShare {
  trustee: number
  share: RistrettoPoint
}

/**
 * `S = Σ λ_i·D_i` over the first t shares of distinct trustees (verified beforehand), or null when
 * fewer than t distinct trustees gave one.
 */
export function combineDecryptionShares(
  shares: readonly IndexedShare[],
  threshold: number
): RistrettoPoint | null {
  if (!isUint(threshold) || threshold < 1) return null
  const chosen: IndexedShare[] = []
  for (const share of shares) {
    if (!isUint(share.trustee) || share.trustee < 1 || share.trustee > TRUSTEES_MAX) continue
    if (chosen.some((c) => c.trustee === share.trustee)) continue
    chosen.push(share)
    if (chosen.length === threshold) break
  }
  if (chosen.length < threshold) return null
  const lambdas = lagrangeAtZero(chosen.map((c) => c.trustee))
  // One Strauss–Shamir walk (shares are public): ~2× faster than t separate multiplications.
  return mulAddUnsafe(
    RistrettoPoint,
    chosen.map((c) => c.share),
    lambdas
  )
}

export type BallotDecryption = ChoicesOpening | { ok: false; reason: 'not_enough_shares' }

/** Opens one ballot with t (verified) decryption shares of distinct trustees. */
export function decryptBallot(
  ballot: EncryptedBallot,
  electionKey: RistrettoPoint,
  shares: readonly IndexedShare[],
  threshold: number
): BallotDecryption {
  const sharedPoint = combineDecryptionShares(shares, threshold)
  if (!sharedPoint) return { ok: false, reason: 'not_enough_shares' }
  return openChoices(ballot, electionKey, sharedPoint)
}

/* ------------------------------------------------------------------------------------------ codec */

export function encodeDecryptionShareBatch(batch: DecryptionShareBatch): Uint8Array {
  return cborEncode([
    DECRYPTION_SHARES_VERSION,
    batch.campaignId,
    batch.trustee,
    batch.first,
    batch.shares.map((s) => s.bytes),
  ])
}

export function parseDecryptionShare(bytes: Uint8Array, what = 'share'): DecryptionShare {
  const b = readBytes(bytes, what, DECRYPTION_SHARE_BYTES)
  return {
    share: parsePoint(b.subarray(0, 32), `${what}.D`),
    commitG: parsePoint(b.subarray(32, 64), `${what}.A1`),
    commitR: parsePoint(b.subarray(64, 96), `${what}.A2`),
    response: parseScalar(b.subarray(96), `${what}.s`),
    bytes: b.slice(),
  }
}

export function decodeDecryptionShareBatch(bytes: Uint8Array): Decoded<DecryptionShareBatch> {
  return decodeStrict(bytes, RECORD_PAYLOAD_BYTES_MAX, 'decryption shares', (value) => {
    const [version, campaignId, trustee, first, shares] = readArray(value, 'decryption shares', 5)
    readVersion(version, DECRYPTION_SHARES_VERSION, 'decryption shares')
    const list = readArray(shares, 'shares')
    if (list.length < 1 || list.length > DECRYPTION_SHARES_MAX) {
      throw new EncodingError('malformed', `shares: 1..${DECRYPTION_SHARES_MAX} expected`)
    }
    const index = readUint(trustee, 'trustee', TRUSTEES_MAX)
    if (index < 1) throw new EncodingError('malformed', 'trustee: indices start at 1')
    return {
      campaignId: readUint(campaignId, 'campaignId'),
      trustee: index,
      first: readUint(first, 'first', 2 ** 48),
      shares: list.map((s, k) => parseDecryptionShare(s as Uint8Array, `shares[${k}]`)),
    }
  })
}
