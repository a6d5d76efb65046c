/**
 * Encrypted ballots, ballot version 2 (protocol.md "Threshold encryption"): the choices are hidden
 * from everyone until t trustees publish decryption shares after the close.
 *
 *   ballot v2   = [2, campaignId, [R(32), ciphertext, proof(64)], voterKey(32), credential(96)]
 *   plaintext   = uint16be(len) ‖ CBOR([[projectId, weight]…]) ‖ zeros, exactly `paddedLength` bytes
 *   R = r·G,  S = r·PK,  key ‖ nonce = HKDF-SHA256(S; info = "civic-budget/ballot-kem/v1" ‖ 0x00 ‖
 *               uint64be(campaignId) ‖ PK ‖ R), 32 + 12 bytes
 *   ciphertext  = ChaCha20-Poly1305(key, nonce, plaintext, aad = "civic-budget/encrypted-choices/v1" ‖
 *               0x00 ‖ uint64be(campaignId) ‖ voterKey)              (paddedLength + 16 bytes)
 *   proof       = Schnorr PoK of r (`TAG_BALLOT_POK`), context uint64be(campaignId) ‖ voterKey ‖ PK ‖
 *               H(ciphertext): a ciphertext copied under another voter key (or campaign) fails it
 *
 * Signature, tx and credential are exactly those of ballot v1 (`signBallot` over the v2 bytes).
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import {
  CREDENTIAL_BYTES,
  normalizeChoices,
  VOTER_KEY_BYTES,
  ballotHash,
  checkSignatureAndCredential,
  type BallotChoice,
} from './ballot.js'
import { type BytesLike, concatBytes, domainMessage, toBytes, uint64be } from './bytes.js'
import { cborDecode, cborEncode, isUint, readArray, readBytes, readUint } from './cbor.js'
import {
  type Decoded,
  decodeStrict,
  readKnowledgeProof,
  readPoint,
  readVersion,
} from './decoded.js'
import { EncodingError } from './errors.js'
import { sha256 } from './hash.js'
import { BALLOT_BYTES_MAX, CHOICES_MAX, PADDED_CHOICES_BYTES_MAX } from './limits.js'
import {
  proveKnowledge,
  randomScalar,
  type RistrettoPoint,
  type Rng,
  systemRng,
  verifyKnowledge,
  verifyKnowledgeBatch,
  baseMul,
  pointBytes,
  type KnowledgeStatement,
} from './ristretto.js'
import { TAG_BALLOT_KEM, TAG_BALLOT_POK, TAG_ENCRYPTED_CHOICES } from './tags.js'
import type { BallotRule } from './rules.js'

export const ENCRYPTED_BALLOT_VERSION = 2
/** Poly1305 tag appended to the padded plaintext. */
export const AEAD_TAG_BYTES = 16
/** The smallest padded length: the 2-byte length prefix and an empty choice list (0x80). */
export const PADDED_CHOICES_MIN = 3

export interface EncryptedChoices {
  /** `R = r·G`. */
  ephemeral: RistrettoPoint
  ciphertext: Uint8Array
  /** Schnorr proof of knowledge of r, `A ‖ s` (batch-verifiable). */
  proof: Uint8Array
}

export interface EncryptedBallot {
  version: 2
  campaignId: number
  encrypted: EncryptedChoices
  voterKey: Uint8Array
  credential: Uint8Array
}

export interface EncryptionContext {
  campaignId: number
  electionKey: RistrettoPoint
  /** The campaign's padded plaintext length (`paddedChoicesLength`); every ballot has this size. */
  paddedLength: number
}

/* ---------------------------------------------------------------------------------------- padding */

function uintBytes(n: number): number {
  if (n < 24) return 1
  if (n < 0x100) return 2
  if (n < 0x10000) return 3
  if (n < 0x100000000) return 5
  return 9
}

/**
 * The padded length of a campaign: enough for every project chosen with weight `maxWeight` (the
 * largest weight any rule allows: 1, the cumulative points or the number of ranks), so no valid
 * ballot is refused for size and all ballots of the campaign have the same length.
 */
export function paddedChoicesLength(projectIds: readonly number[], maxWeight: number): number {
  let length = 2 + uintBytes(projectIds.length)
  for (const id of projectIds) length += 1 + uintBytes(id) + uintBytes(maxWeight)
  return length
}

/** The largest weight any of these rules allows on one project (1, cumulative points, ranks). */
export function maxRuleWeight(rules: readonly BallotRule[]): number {
  let max = 1
  for (const rule of rules) {
    if (rule.kind === 'cumulative') max = Math.max(max, rule.maxPerProject)
    if (rule.kind === 'ranked') max = Math.max(max, rule.maxRanks)
  }
  return max
}

/** The smallest padded length that fits every valid ballot of a campaign (its pots and projects). */
export function campaignPaddedLength(campaign: {
  pots: readonly { rule: BallotRule }[]
  projects: readonly { id: number }[]
}): number {
  return Math.max(
    PADDED_CHOICES_MIN,
    paddedChoicesLength(
      campaign.projects.map((p) => p.id),
      maxRuleWeight(campaign.pots.map((p) => p.rule))
    )
  )
}

function checkPaddedLength(paddedLength: number): void {
  if (
    !isUint(paddedLength) ||
    paddedLength < PADDED_CHOICES_MIN ||
    paddedLength > PADDED_CHOICES_BYTES_MAX
  ) {
    throw new RangeError(`paddedLength must be ${PADDED_CHOICES_MIN}..${PADDED_CHOICES_BYTES_MAX}`)
  }
}

/** `uint16be(len) ‖ CBOR(choices) ‖ zeros` of exactly `paddedLength` bytes. */
export function padChoices(choices: readonly BallotChoice[], paddedLength: number): Uint8Array {
  checkPaddedLength(paddedLength)
  const body = cborEncode(normalizeChoices(choices).map((c) => [c.projectId, c.weight]))
  if (body.length + 2 > paddedLength) {
    throw new RangeError(`choices take ${body.length + 2} bytes, more than ${paddedLength}`)
  }
  const out = new Uint8Array(paddedLength)
  out[0] = body.length >> 8
  out[1] = body.length & 0xff
  out.set(body, 2)
  return out
}

export type ChoicesOpening =
  | { ok: true; choices: BallotChoice[] }
  | { ok: false; reason: 'undecryptable' | 'bad_padding' | 'bad_choices' }

/** The inverse of `padChoices`, strict: zero padding, canonical CBOR, ascending distinct projects. */
export function unpadChoices(plaintext: Uint8Array): ChoicesOpening {
  const length = plaintext.length >= 2 ? (plaintext[0] << 8) | plaintext[1] : -1
  if (length < 1 || length + 2 > plaintext.length) return { ok: false, reason: 'bad_padding' }
  for (let i = length + 2; i < plaintext.length; i++) {
    if (plaintext[i] !== 0) return { ok: false, reason: 'bad_padding' }
  }
  try {
    const pairs = readArray(cborDecode(plaintext.subarray(2, length + 2)), 'choices')
    if (pairs.length > CHOICES_MAX) return { ok: false, reason: 'bad_choices' }
    const choices = pairs.map((pair, i) => {
      const [projectId, weight] = readArray(pair, `choices[${i}]`, 2)
      return { projectId: readUint(projectId, 'projectId'), weight: readUint(weight, 'weight') }
    })
    for (let i = 1; i < choices.length; i++) {
      if (choices[i].projectId <= choices[i - 1].projectId)
        return { ok: false, reason: 'bad_choices' }
    }
    return { ok: true, choices }
  } catch {
    return { ok: false, reason: 'bad_choices' }
  }
}

/* ----------------------------------------------------------------------------------------- KEM */

function choicesCipher(
  sharedPoint: RistrettoPoint,
  campaignId: number,
  electionKey: RistrettoPoint,
  ephemeral: RistrettoPoint,
  voterKey: Uint8Array
) {
  const info = domainMessage(
    TAG_BALLOT_KEM,
    uint64be(campaignId),
    pointBytes(electionKey),
    pointBytes(ephemeral)
  )
  const okm = hkdf(nobleSha256, pointBytes(sharedPoint), undefined, info, 44)
  const aad = domainMessage(TAG_ENCRYPTED_CHOICES, uint64be(campaignId), voterKey)
  return chacha20poly1305(okm.subarray(0, 32), okm.subarray(32), aad)
}

function proofContext(
  campaignId: number,
  voterKey: Uint8Array,
  electionKey: RistrettoPoint,
  ciphertext: Uint8Array
): Uint8Array {
  return concatBytes(uint64be(campaignId), voterKey, pointBytes(electionKey), sha256(ciphertext))
}

/** Encrypts the choices of one ballot to the election key, for the voter key that will sign it. */
export function encryptChoices(
  context: EncryptionContext,
  voterKey: BytesLike,
  choices: readonly BallotChoice[],
  rng: Rng = systemRng
): EncryptedChoices {
  const voter = toBytes(voterKey, VOTER_KEY_BYTES, 'voterKey')
  const plaintext = padChoices(choices, context.paddedLength)
  const r = randomScalar(rng)
  const ephemeral = baseMul(r)
  const ciphertext = choicesCipher(
    context.electionKey.multiply(r),
    context.campaignId,
    context.electionKey,
    ephemeral,
    voter
  ).encrypt(plaintext)
  const proof = proveKnowledge(
    TAG_BALLOT_POK,
    proofContext(context.campaignId, voter, context.electionKey, ciphertext),
    r,
    ephemeral,
    rng
  )
  return { ephemeral, ciphertext, proof }
}

export type EncryptedChoicesCheck =
  { ok: true } | { ok: false; reason: 'wrong_campaign' | 'wrong_length' | 'invalid_proof' }

function shapeCheck(ballot: EncryptedBallot, context: EncryptionContext): EncryptedChoicesCheck {
  if (ballot.campaignId !== context.campaignId) return { ok: false, reason: 'wrong_campaign' }
  if (ballot.encrypted.ciphertext.length !== context.paddedLength + AEAD_TAG_BYTES) {
    return { ok: false, reason: 'wrong_length' }
  }
  return { ok: true }
}

function proofStatement(ballot: EncryptedBallot, context: EncryptionContext): KnowledgeStatement {
  const { ephemeral, ciphertext, proof } = ballot.encrypted
  return {
    tag: TAG_BALLOT_POK,
    context: proofContext(ballot.campaignId, ballot.voterKey, context.electionKey, ciphertext),
    X: ephemeral,
    proof,
  }
}

/** What a replica checks of the encryption (no secret): campaign, ciphertext length and the proof. */
export function checkEncryptedChoices(
  ballot: EncryptedBallot,
  context: EncryptionContext
): EncryptedChoicesCheck {
  const shape = shapeCheck(ballot, context)
  if (!shape.ok) return shape
  return verifyKnowledge(proofStatement(ballot, context))
    ? { ok: true }
    : { ok: false, reason: 'invalid_proof' }
}

/**
 * `checkEncryptedChoices` for many ballots (a block, an audit): the proofs verify together in one
 * multi-scalar multiplication; only when that fails is each checked alone. Returns the failures by
 * index into `ballots` (empty when all pass).
 */
export function checkEncryptedChoicesBatch(
  ballots: readonly EncryptedBallot[],
  context: EncryptionContext,
  rng?: Rng
): { index: number; reason: 'wrong_campaign' | 'wrong_length' | 'invalid_proof' }[] {
  const failures: { index: number; reason: 'wrong_campaign' | 'wrong_length' | 'invalid_proof' }[] =
    []
  const candidates: number[] = []
  ballots.forEach((ballot, index) => {
    const shape = shapeCheck(ballot, context)
    if (shape.ok) candidates.push(index)
    else failures.push({ index, reason: shape.reason })
  })
  const statements = candidates.map((index) => proofStatement(ballots[index], context))
  if (!verifyKnowledgeBatch(statements, rng)) {
    statements.forEach((statement, k) => {
      if (!verifyKnowledge(statement))
        failures.push({ index: candidates[k], reason: 'invalid_proof' })
    })
  }
  return failures.sort((a, b) => a.index - b.index)
}

/** Opens the choices with `S = x·R` (recombined from decryption shares). */
export function openChoices(
  ballot: EncryptedBallot,
  electionKey: RistrettoPoint,
  sharedPoint: RistrettoPoint
): ChoicesOpening {
  let plaintext: Uint8Array
  try {
    plaintext = choicesCipher(
      sharedPoint,
      ballot.campaignId,
      electionKey,
      ballot.encrypted.ephemeral,
      ballot.voterKey
    ).decrypt(ballot.encrypted.ciphertext)
  } catch {
    return { ok: false, reason: 'undecryptable' }
  }
  return unpadChoices(plaintext)
}

/* ------------------------------------------------------------------------------------------ codec */

export function encodeEncryptedBallot(ballot: Omit<EncryptedBallot, 'version'>): Uint8Array {
  if (!isUint(ballot.campaignId)) throw new RangeError('campaignId must be a uint')
  const voterKey = toBytes(ballot.voterKey, VOTER_KEY_BYTES, 'voterKey')
  const credential = toBytes(ballot.credential, CREDENTIAL_BYTES, 'credential')
  const { ephemeral, ciphertext, proof } = ballot.encrypted
  return cborEncode([
    ENCRYPTED_BALLOT_VERSION,
    ballot.campaignId,
    [pointBytes(ephemeral), ciphertext, proof],
    voterKey,
    credential,
  ])
}

/** Strict decoding of ballot v2 bytes (points validated, canonical proof scalars, bounded sizes). */
export function decodeEncryptedBallot(bytes: Uint8Array): Decoded<EncryptedBallot> {
  return decodeStrict(bytes, BALLOT_BYTES_MAX, 'encrypted ballot', (value) => {
    const [version, campaignId, encrypted, voterKey, credential] = readArray(value, 'ballot', 5)
    readVersion(version, ENCRYPTED_BALLOT_VERSION, 'encrypted ballot')
    const [ephemeral, ciphertext, proof] = readArray(encrypted, 'encrypted', 3)
    const box = readBytes(ciphertext, 'ciphertext', undefined, PADDED_CHOICES_BYTES_MAX + 16)
    if (box.length < PADDED_CHOICES_MIN + AEAD_TAG_BYTES) {
      throw new EncodingError('malformed', 'ciphertext: too short')
    }
    return {
      version: ENCRYPTED_BALLOT_VERSION,
      campaignId: readUint(campaignId, 'campaignId'),
      encrypted: {
        ephemeral: readPoint(ephemeral, 'ephemeral'),
        ciphertext: box.slice(),
        proof: readKnowledgeProof(proof, 'proof'),
      },
      voterKey: readBytes(voterKey, 'voterKey', VOTER_KEY_BYTES).slice(),
      credential: readBytes(credential, 'credential', CREDENTIAL_BYTES).slice(),
    }
  })
}

/* ---------------------------------------------------------------------------------- full check */

export interface CheckEncryptedBallotOptions {
  /** Credential verifier to use instead of the pure-JS one (as in `checkBallot`). */
  verifyCredential?: (
    message: Uint8Array,
    registrarKey: Uint8Array,
    credential: Uint8Array
  ) => boolean
  /** Ed25519 verifier to use instead of noble (as in `checkBallot`). */
  verifySignature?: (voterKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean
}

export type EncryptedBallotCheck =
  | { ok: true; ballot: EncryptedBallot; ballotHash: string }
  | {
      ok: false
      reason:
        | 'malformed_ballot'
        | 'wrong_campaign'
        | 'wrong_length'
        | 'invalid_proof'
        | 'invalid_signature'
        | 'invalid_credential'
      message: string
    }

/**
 * Everything about a submitted v2 ballot that needs no state — the counterpart of `checkBallot`:
 * canonical bytes, campaign, ciphertext length, the proof of knowledge of r, the Ed25519 signature
 * and the credential. One ballot per voter key and the voting window are for the caller.
 */
export function checkEncryptedBallot(
  ballotBytes: Uint8Array,
  signature: BytesLike,
  registrarPublicKey: BytesLike,
  context: EncryptionContext,
  options: CheckEncryptedBallotOptions = {}
): EncryptedBallotCheck {
  const decoded = decodeEncryptedBallot(ballotBytes)
  if (!decoded.ok) {
    const message = `${decoded.error.code}: ${decoded.error.message}`
    return { ok: false, reason: 'malformed_ballot', message }
  }
  const ballot = decoded.value
  const encryption = checkEncryptedChoices(ballot, context)
  if (!encryption.ok) return { ok: false, reason: encryption.reason, message: encryption.reason }
  const refusal = checkSignatureAndCredential(
    ballotBytes,
    signature,
    registrarPublicKey,
    ballot,
    options
  )
  if (refusal) return { ok: false, ...refusal }
  return { ok: true, ballot, ballotHash: ballotHash(ballotBytes) }
}
