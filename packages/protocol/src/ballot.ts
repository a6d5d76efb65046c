/**
 * Ballots and ballot transactions (protocol.md "Ballot", "Ledger transactions and blocks").
 *
 *   ballot      = [1, campaignId, [[projectId, weight]…], voterKey (bstr 32), credential (bstr 96)]
 *   ballotHash  = hex H(ballotBytes)
 *   signature   = Ed25519(voterSecretKey, "civic-budget/ballot/v1" ‖ 0x00 ‖ ballotBytes)
 *   txBytes     = CBOR [1, "ballot", ballotBytes, signature];  txHash = hex H(txBytes)
 *
 * Decoding is strict: exact shape, choices strictly ascending by projectId, exact lengths, and the
 * bytes must be the canonical encoding (decode → encode reproduces them).
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { type BytesLike, domainMessage, toBytes } from './bytes.js'
import { type CborValue, cborDecode, cborEncode, isUint } from './cbor.js'
import { sha256Hex } from './hash.js'
import { TAG_BALLOT } from './tags.js'
import { BallotFormatError, ProtocolError } from './errors.js'
import { CHOICES_MAX } from './limits.js'
import { credentialMessage, verifyCredential } from './credential.js'

export { BallotFormatError } from './errors.js'

export const BALLOT_VERSION = 1
export const TX_VERSION = 1
export const VOTER_KEY_BYTES = 32
export const CREDENTIAL_BYTES = 96
export const ED25519_SIGNATURE_BYTES = 64

export interface BallotChoice {
  projectId: number
  /** 1 for approval/knapsack, points for cumulative, rank (1 = first) for ranked. */
  weight: number
}

export interface BallotInput {
  campaignId: number
  /** Any order; encoded sorted by projectId. Repeated projects are refused. */
  choices: readonly BallotChoice[]
  voterKey: BytesLike
  credential: BytesLike
}

export interface Ballot {
  version: 1
  campaignId: number
  /** Sorted by projectId ascending, no repeats. */
  choices: BallotChoice[]
  voterKey: Uint8Array
  credential: Uint8Array
}

function fail(code: string, message: string): never {
  throw new BallotFormatError(code, message)
}

/** Sorted copy; throws on non-uint ids/weights or repeated projects. */
export function normalizeChoices(choices: readonly BallotChoice[]): BallotChoice[] {
  if (!Array.isArray(choices)) fail('bad_choices', 'choices must be an array')
  const sorted = choices.map((c) => {
    if (!c || !isUint(c.projectId) || !isUint(c.weight)) {
      fail('bad_choice', 'projectId and weight must be unsigned integers')
    }
    return { projectId: c.projectId, weight: c.weight }
  })
  sorted.sort((a, b) => a.projectId - b.projectId)
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].projectId === sorted[i - 1].projectId) {
      fail('duplicate_project', `project ${sorted[i].projectId} chosen twice`)
    }
  }
  return sorted
}

export function encodeBallot(input: BallotInput): Uint8Array {
  if (!isUint(input.campaignId)) fail('bad_campaign_id', 'campaignId must be a uint')
  const choices = normalizeChoices(input.choices)
  let voterKey: Uint8Array
  let credential: Uint8Array
  try {
    voterKey = toBytes(input.voterKey, VOTER_KEY_BYTES, 'voterKey')
    credential = toBytes(input.credential, CREDENTIAL_BYTES, 'credential')
  } catch (error) {
    fail((error as ProtocolError).code ?? 'bad_length', (error as Error).message)
  }
  return cborEncode([
    BALLOT_VERSION,
    input.campaignId,
    choices.map((c) => [c.projectId, c.weight]),
    voterKey,
    credential,
  ])
}

function decodeCanonical(bytes: Uint8Array): CborValue {
  if (!(bytes instanceof Uint8Array)) fail('bad_input', 'bytes expected')
  try {
    return cborDecode(bytes)
  } catch (error) {
    if (error instanceof ProtocolError) fail(error.code, error.message)
    throw error
  }
}

export function decodeBallot(ballotBytes: Uint8Array): Ballot {
  const value = decodeCanonical(ballotBytes)
  if (!Array.isArray(value) || value.length !== 5) fail('bad_shape', 'ballot: array of 5 expected')
  const [version, campaignId, rawChoices, voterKey, credential] = value
  if (version !== BALLOT_VERSION) fail('bad_version', 'ballot: unsupported version')
  if (!isUint(campaignId)) fail('bad_campaign_id', 'ballot: campaignId must be a uint')
  if (!Array.isArray(rawChoices)) fail('bad_choices', 'ballot: choices must be an array')
  if (rawChoices.length > CHOICES_MAX) fail('too_many_choices', 'ballot: too many choices')
  const choices: BallotChoice[] = []
  for (const pair of rawChoices) {
    if (!Array.isArray(pair) || pair.length !== 2 || !isUint(pair[0]) || !isUint(pair[1])) {
      fail('bad_choice', 'ballot: each choice is [projectId, weight] of uints')
    }
    const previous = choices[choices.length - 1]
    if (previous && previous.projectId === pair[0]) {
      fail('duplicate_project', `ballot: project ${pair[0]} repeated`)
    }
    if (previous && previous.projectId > pair[0]) {
      fail('unsorted_choices', 'ballot: choices not sorted by projectId')
    }
    choices.push({ projectId: pair[0], weight: pair[1] })
  }
  if (!(voterKey instanceof Uint8Array) || voterKey.length !== VOTER_KEY_BYTES) {
    fail('bad_voter_key', 'ballot: voterKey must be a 32-byte bstr')
  }
  if (!(credential instanceof Uint8Array) || credential.length !== CREDENTIAL_BYTES) {
    fail('bad_credential', 'ballot: credential must be a 96-byte bstr')
  }
  return {
    version: BALLOT_VERSION,
    campaignId,
    choices,
    voterKey: voterKey.slice(),
    credential: credential.slice(),
  }
}

export function ballotHash(ballotBytes: Uint8Array): string {
  return sha256Hex(ballotBytes)
}

export function ballotSigningMessage(ballotBytes: Uint8Array): Uint8Array {
  return domainMessage(TAG_BALLOT, ballotBytes)
}

/** A fresh voter key pair (Ed25519; public key = raw 32 bytes). */
export function generateVoterKey(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = ed25519.utils.randomSecretKey()
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) }
}

export function voterPublicKey(voterSecretKey: BytesLike): Uint8Array {
  return ed25519.getPublicKey(toBytes(voterSecretKey, 32, 'voterSecretKey'))
}

/** Ed25519 (RFC 8032) signature, 64 bytes. */
export function signBallot(voterSecretKey: BytesLike, ballotBytes: Uint8Array): Uint8Array {
  return ed25519.sign(
    ballotSigningMessage(ballotBytes),
    toBytes(voterSecretKey, 32, 'voterSecretKey')
  )
}

/**
 * RFC 8032 verification in its strict form (`zip215: false`: canonical R and A, s < L), so a
 * signature is accepted here exactly when it is a standard-conforming one.
 */
export function verifyBallotSignature(
  voterKey: BytesLike,
  ballotBytes: Uint8Array,
  signature: BytesLike
): boolean {
  try {
    const sig = toBytes(signature, ED25519_SIGNATURE_BYTES, 'signature')
    const pk = toBytes(voterKey, VOTER_KEY_BYTES, 'voterKey')
    return ed25519.verify(sig, ballotSigningMessage(ballotBytes), pk, { zip215: false })
  } catch {
    return false
  }
}

export function ballotTx(ballotBytes: Uint8Array, signature: BytesLike): Uint8Array {
  const sig = toBytes(signature, ED25519_SIGNATURE_BYTES, 'signature')
  decodeBallot(ballotBytes)
  return cborEncode([TX_VERSION, 'ballot', ballotBytes, sig])
}

export interface BallotTx {
  ballotBytes: Uint8Array
  signature: Uint8Array
  ballot: Ballot
}

/** Strict decoding of a ballot transaction `[1, "ballot", ballotBytes, signature]`. */
export function decodeBallotTx(txBytes: Uint8Array): BallotTx {
  const value = decodeCanonical(txBytes)
  if (!Array.isArray(value) || value.length < 2) fail('bad_shape', 'tx: array expected')
  if (value[0] !== TX_VERSION) fail('bad_version', 'tx: unsupported version')
  if (value[1] !== 'ballot') fail('not_ballot', 'tx: not a ballot transaction')
  if (value.length !== 4) fail('bad_shape', 'ballot tx: array of 4 expected')
  const [, , ballotBytes, signature] = value
  if (!(ballotBytes instanceof Uint8Array)) fail('bad_shape', 'ballot tx: ballot must be a bstr')
  if (!(signature instanceof Uint8Array) || signature.length !== ED25519_SIGNATURE_BYTES) {
    fail('bad_signature_length', 'ballot tx: signature must be a 64-byte bstr')
  }
  const ballot = decodeBallot(ballotBytes)
  return { ballotBytes: ballotBytes.slice(), signature: signature.slice(), ballot }
}

export function txHash(txBytes: Uint8Array): string {
  return sha256Hex(txBytes)
}

export type BallotCheck =
  { ok: true; ballot: Ballot; ballotHash: string } | { ok: false; reason: string; message: string }

/**
 * Everything about a submitted ballot that needs no state: canonical bytes, the Ed25519 signature
 * (`invalid_signature`) and the credential under the registrar key (`invalid_credential`).
 * Ballot rules (`rules.ts`), voting window and duplicates are for the caller.
 */
export interface CheckBallotOptions {
  /** Refuse ballots for any other campaign (`wrong_campaign`). */
  expectedCampaignId?: number
  /**
   * Credential verifier to use instead of the pure-JS one, e.g. the server's native
   * `@chainsafe/blst` path: `(msg, pk, sig) => blst.verify(msg, PublicKey.fromBytes(pk, true),
   * Signature.fromBytes(sig, true), false, true)` with `msg = credentialMessage(campaignId, voterKey)`.
   */
  verifyCredential?: (
    credentialMessage: Uint8Array,
    registrarPublicKey: Uint8Array,
    credential: Uint8Array
  ) => boolean
  /** Ed25519 verifier to use instead of noble (e.g. node:crypto with a cached KeyObject). */
  verifySignature?: (voterKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean
}

export function checkBallot(
  ballotBytes: Uint8Array,
  signature: BytesLike,
  registrarPublicKey: BytesLike,
  options: CheckBallotOptions | number = {}
): BallotCheck {
  const opts = typeof options === 'number' ? { expectedCampaignId: options } : options
  const expectedCampaignId = opts.expectedCampaignId
  let ballot: Ballot
  try {
    ballot = decodeBallot(ballotBytes)
  } catch (error) {
    const e = error as BallotFormatError
    return { ok: false, reason: 'malformed_ballot', message: `${e.code}: ${e.message}` }
  }
  if (expectedCampaignId !== undefined && ballot.campaignId !== expectedCampaignId) {
    return { ok: false, reason: 'wrong_campaign', message: 'ballot is for another campaign' }
  }
  const refusal = checkSignatureAndCredential(
    ballotBytes,
    signature,
    registrarPublicKey,
    ballot,
    opts
  )
  if (refusal) return { ok: false, ...refusal }
  return { ok: true, ballot, ballotHash: ballotHash(ballotBytes) }
}

/**
 * The voter's Ed25519 signature over the ballot bytes and the registrar's credential on
 * (campaign, voter key) — the same for every ballot version (v1 here, v2 in encrypted_ballot.ts).
 * Null when both verify; else the refusal. A verifier that throws counts as "does not verify".
 */
export function checkSignatureAndCredential(
  ballotBytes: Uint8Array,
  signature: BytesLike,
  registrarPublicKey: BytesLike,
  ballot: { campaignId: number; voterKey: Uint8Array; credential: Uint8Array },
  verifiers: Pick<CheckBallotOptions, 'verifySignature' | 'verifyCredential'>
): { reason: 'invalid_signature' | 'invalid_credential'; message: string } | null {
  let signatureOk = false
  try {
    signatureOk = verifiers.verifySignature
      ? verifiers.verifySignature(
          ballot.voterKey,
          ballotSigningMessage(ballotBytes),
          toBytes(signature, ED25519_SIGNATURE_BYTES)
        )
      : verifyBallotSignature(ballot.voterKey, ballotBytes, signature)
  } catch {
    signatureOk = false
  }
  if (!signatureOk) {
    return { reason: 'invalid_signature', message: 'ballot signature does not verify' }
  }
  let credentialOk = false
  try {
    credentialOk = verifiers.verifyCredential
      ? verifiers.verifyCredential(
          credentialMessage(ballot.campaignId, ballot.voterKey),
          toBytes(registrarPublicKey, 48),
          ballot.credential
        )
      : verifyCredential(registrarPublicKey, ballot.campaignId, ballot.voterKey, ballot.credential)
  } catch {
    credentialOk = false
  }
  if (!credentialOk) {
    return { reason: 'invalid_credential', message: 'credential does not verify' }
  }
  return null
}
