/**
 * A trustee's side of the key ceremony, shared by the trustee page (browser) and the trustee CLI
 * (app/trustees/README.md "Key file"). Isomorphic: no `node:` imports; randomness from WebCrypto
 * (`systemRng`) unless a test injects a seeded one.
 *
 *   key file = JSON {v: 1, campaignId, index, ceremonyKey: hex(P),
 *                    kdf: {name: 'scrypt', N, r, p, salt: hex(16)}, nonce: hex(12), ciphertext: hex}
 *   ciphertext = ChaCha20-Poly1305(key = scrypt(passphrase, salt), nonce, secret k (32 bytes LE),
 *                                  aad = "civic-budget/trustee-key-file/v1" ‖ 0x00 ‖ campaignId ‖ index ‖ P)
 *
 * The ceremony secret never leaves the trustee's device unsealed; the server only ever sees the
 * public key record, the dealing, the complaints and, after the close, the decryption shares.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { scryptAsync } from '@noble/hashes/scrypt.js'
import { bytesToHex, concatBytes, domainMessage, hexToBytes, uint64be, utf8 } from './bytes.js'
import {
  encodeDecryptionShareBatch,
  makeDecryptionShareBatch,
  type DecryptionShare,
  type TrusteeKeyShare,
} from './decryption.js'
import {
  ceremonyResult,
  createDealing,
  dealingDefect,
  decodeComplaint,
  decodeDealing,
  decodeTrusteeKey,
  encodeComplaint,
  encodeDealing,
  encodeTrusteeKey,
  makeComplaint,
  openShare,
  trusteeSecretShare,
  type CeremonyParams,
  type CeremonyResult,
  type Complaint,
  type Dealing,
  type SecretShareResult,
} from './dkg.js'
import {
  checkEncryptedChoicesBatch,
  decodeEncryptedBallot,
  type EncryptedBallot,
  type EncryptionContext,
} from './encrypted_ballot.js'
import { DECRYPTION_SHARES_MAX, TRUSTEES_MAX } from './limits.js'
import {
  baseMul,
  parsePoint,
  parseScalar,
  pointBytes,
  proveKnowledge,
  randomScalar,
  scalarToBytes,
  systemRng,
  type Rng,
} from './ristretto.js'
import { TAG_TRUSTEE_KEY } from './tags.js'

export const KEY_FILE_VERSION = 1
/** The shortest passphrase the page and the CLI accept. */
export const PASSPHRASE_MIN_LENGTH = 12
/** scrypt cost of new key files: 64 MiB of memory, about a second on a phone. */
export const KEY_FILE_KDF = { N: 2 ** 16, r: 8, p: 1 } as const
const KEY_FILE_TAG = 'civic-budget/trustee-key-file/v1'

export interface TrusteeKeyFile {
  v: 1
  campaignId: number
  index: number
  /** hex, 32 bytes: the public ceremony key P = k·G. */
  ceremonyKey: string
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string }
  nonce: string
  ciphertext: string
}

export type TrusteeKeyFileErrorCode = 'malformed' | 'wrong_passphrase' | 'short_passphrase'

/** A key file that cannot be read or unlocked; `code` is for the UI's translated message. */
export class TrusteeKeyFileError extends Error {
  constructor(
    readonly code: TrusteeKeyFileErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'TrusteeKeyFileError'
  }
}

export interface TrusteeKey {
  file: TrusteeKeyFile
  secret: bigint
  /** The `trustee-key` record bytes (ceremony key + proof of knowledge) to post. */
  record: Uint8Array
}

function fileAad(campaignId: number, index: number, ceremonyKey: Uint8Array): Uint8Array {
  return domainMessage(KEY_FILE_TAG, uint64be(campaignId), uint64be(index), ceremonyKey)
}

async function fileCipher(passphrase: string, kdf: TrusteeKeyFile['kdf'], nonce: Uint8Array) {
  const key = await scryptAsync(utf8(passphrase), hexToBytes(kdf.salt), {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    dkLen: 32,
  })
  return (aad: Uint8Array) => chacha20poly1305(key, nonce, aad)
}

/** The trustee-key record of a ceremony secret (a fresh proof of knowledge each time). */
export function trusteeKeyRecord(
  campaignId: number,
  index: number,
  secret: bigint,
  rng: Rng = systemRng
): Uint8Array {
  const ceremonyKey = baseMul(secret)
  const context = concatBytes(uint64be(campaignId), uint64be(index))
  const proof = proveKnowledge(TAG_TRUSTEE_KEY, context, secret, ceremonyKey, rng)
  return encodeTrusteeKey({ campaignId, index, ceremonyKey, proof })
}

/**
 * A new ceremony secret for trustee `index` of a campaign, sealed under the passphrase. `kdf`
 * lowers scrypt's cost for tests only.
 */
export async function makeTrusteeKey(
  campaignId: number,
  index: number,
  passphrase: string,
  options: { rng?: Rng; kdf?: { N: number; r: number; p: number } } = {}
): Promise<TrusteeKey> {
  const rng = options.rng ?? systemRng
  const secret = randomScalar(rng)
  const file = await sealKeyFile(campaignId, index, secret, passphrase, { ...options, rng })
  return { file, secret, record: trusteeKeyRecord(campaignId, index, secret, rng) }
}

/** The key file of a ceremony secret (a new salt and nonce each time). */
export async function sealKeyFile(
  campaignId: number,
  index: number,
  secret: bigint,
  passphrase: string,
  options: { rng?: Rng; kdf?: { N: number; r: number; p: number } } = {}
): Promise<TrusteeKeyFile> {
  if (passphrase.length < PASSPHRASE_MIN_LENGTH) {
    throw new TrusteeKeyFileError(
      'short_passphrase',
      `the passphrase must have at least ${PASSPHRASE_MIN_LENGTH} characters`
    )
  }
  const rng = options.rng ?? systemRng
  const ceremonyKey = pointBytes(baseMul(secret))
  const kdf = {
    name: 'scrypt' as const,
    ...(options.kdf ?? KEY_FILE_KDF),
    salt: bytesToHex(rng(16)),
  }
  const nonce = rng(12)
  const seal = await fileCipher(passphrase, kdf, nonce)
  const ciphertext = seal(fileAad(campaignId, index, ceremonyKey)).encrypt(scalarToBytes(secret))
  return {
    v: KEY_FILE_VERSION,
    campaignId,
    index,
    ceremonyKey: bytesToHex(ceremonyKey),
    kdf,
    nonce: bytesToHex(nonce),
    ciphertext: bytesToHex(ciphertext),
  }
}

const isUint = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max

function isHex(v: unknown, bytes: number): v is string {
  return typeof v === 'string' && v.length === bytes * 2 && /^[0-9a-f]*$/.test(v)
}

/** A key file from its JSON text or parsed value, checked field by field; throws `malformed`. */
export function parseKeyFile(input: unknown): TrusteeKeyFile {
  const bad = (why: string) =>
    new TrusteeKeyFileError('malformed', `not a trustee key file: ${why}`)
  let value = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch {
      throw bad('not JSON')
    }
  }
  const f = value as Partial<TrusteeKeyFile> | null
  if (typeof f !== 'object' || f === null || f.v !== KEY_FILE_VERSION) throw bad('version')
  if (!isUint(f.campaignId) || !isUint(f.index, TRUSTEES_MAX) || f.index < 1) throw bad('index')
  if (!isHex(f.ceremonyKey, 32)) throw bad('ceremonyKey')
  try {
    parsePoint(hexToBytes(f.ceremonyKey))
  } catch {
    throw bad('ceremonyKey')
  }
  const kdf = f.kdf
  const N = kdf?.N
  if (
    typeof kdf !== 'object' ||
    kdf === null ||
    kdf.name !== 'scrypt' ||
    !isUint(N) ||
    N < 2 ** 10 ||
    N > 2 ** 20 ||
    (N & (N - 1)) !== 0 ||
    !isUint(kdf.r, 32) ||
    kdf.r < 1 ||
    !isUint(kdf.p, 16) ||
    kdf.p < 1 ||
    !isHex(kdf.salt, 16)
  ) {
    throw bad('kdf')
  }
  if (!isHex(f.nonce, 12) || !isHex(f.ciphertext, 48)) throw bad('ciphertext')
  return {
    v: KEY_FILE_VERSION,
    campaignId: f.campaignId,
    index: f.index,
    ceremonyKey: f.ceremonyKey,
    kdf: { name: 'scrypt', N, r: kdf.r, p: kdf.p, salt: kdf.salt },
    nonce: f.nonce,
    ciphertext: f.ciphertext,
  }
}

/** The ceremony secret of a key file; `wrong_passphrase` when it does not open. */
export async function unlockKeyFile(file: TrusteeKeyFile, passphrase: string): Promise<bigint> {
  const checked = parseKeyFile(file)
  const ceremonyKey = hexToBytes(checked.ceremonyKey)
  const open = await fileCipher(passphrase, checked.kdf, hexToBytes(checked.nonce))
  let plaintext: Uint8Array
  try {
    plaintext = open(fileAad(checked.campaignId, checked.index, ceremonyKey)).decrypt(
      hexToBytes(checked.ciphertext)
    )
  } catch {
    throw new TrusteeKeyFileError('wrong_passphrase', 'wrong passphrase for this key file')
  }
  const secret = parseScalar(plaintext)
  // The AEAD already binds the key; this only catches a file written by a broken tool.
  if (bytesToHex(pointBytes(baseMul(secret))) !== checked.ceremonyKey) {
    throw new TrusteeKeyFileError('malformed', 'the key file does not match its ceremony key')
  }
  return secret
}

/* ---------------------------------------------------------------------------- the ceremony state */

/** What `GET /api/v1/trustee/ceremony` sends about the records (hex record bytes). */
export interface CeremonyRecordsView {
  campaignId: number
  threshold: number
  trustees: number
  /** `keys[j − 1]`: trustee j's trustee-key record, or null while it has none. */
  keys: (string | null)[]
  dealings: string[]
  complaints: string[]
}

export interface CeremonyState {
  /** Null until every trustee's key is on record. */
  params: CeremonyParams | null
  dealings: Dealing[]
  complaints: Complaint[]
}

function decodedOrThrow<T>(decoded: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!decoded.ok) throw decoded.error
  return decoded.value
}

/** Decodes the server's view (strictly: a record that does not decode throws). */
export function ceremonyState(view: CeremonyRecordsView): CeremonyState {
  const keys = view.keys.map((hex) =>
    hex === null ? null : decodedOrThrow(decodeTrusteeKey(hexToBytes(hex)))
  )
  const complete = keys.length === view.trustees && keys.every((k) => k !== null)
  const params = complete
    ? {
        campaignId: view.campaignId,
        threshold: view.threshold,
        trusteeKeys: keys.map((k) => k!.ceremonyKey),
      }
    : null
  return {
    params,
    dealings: view.dealings.map((hex) => decodedOrThrow(decodeDealing(hexToBytes(hex)))),
    complaints: view.complaints.map((hex) => decodedOrThrow(decodeComplaint(hexToBytes(hex)))),
  }
}

/** My dealing's record bytes (a fresh random polynomial and a box for every trustee). */
export function makeDealing(params: CeremonyParams, myIndex: number, rng?: Rng): Uint8Array {
  return encodeDealing(createDealing(params, myIndex, rng))
}

/**
 * Opens my box of every well-formed dealing; a complaint for each that does not open to a share
 * matching its dealer's commitments. (A malformed dealing is excluded anyway: no complaint needed.)
 */
export function reviewDealings(
  params: CeremonyParams,
  dealings: readonly Dealing[],
  myIndex: number,
  secret: bigint,
  rng?: Rng
): Complaint[] {
  const complaints: Complaint[] = []
  for (const dealing of dealings) {
    if (dealingDefect(params, dealing) !== null) continue
    if (openShare(params, dealing, myIndex, secret).ok) continue
    complaints.push(makeComplaint(params, dealing, myIndex, secret, rng))
  }
  return complaints
}

export function complaintHex(complaint: Complaint): string {
  return bytesToHex(encodeComplaint(complaint))
}

/** The ceremony's result over the records, as anyone recomputes it. */
export function ceremonyOutcome(state: CeremonyState): CeremonyResult | null {
  return state.params ? ceremonyResult(state.params, state.dealings, state.complaints) : null
}

/** My key share for decryption, checked against the public share the records imply. */
export function myKeyShare(
  params: CeremonyParams,
  result: Extract<CeremonyResult, { ok: true }>,
  dealings: readonly Dealing[],
  index: number,
  secret: bigint
): SecretShareResult {
  return trusteeSecretShare(params, result, dealings, index, secret)
}

/* ------------------------------------------------------------------------------ the decryption */

/** One page of `GET /api/v1/trustee/ballots?first=N` (ballot bytes hex, in ledger order). */
export interface TrusteeBallotsPage {
  total: number
  votingClosed: boolean
  ballots: { position: number; ballot: string }[]
}

export type DecryptionRefusalCode =
  'voting_not_closed' | 'ceremony_failed' | 'no_key_share' | 'ballot_list' | 'bad_ballots'

/** Why a trustee's tool will not share; `code` is for the UI's translated message. */
export class DecryptionRefusal extends Error {
  constructor(
    readonly code: DecryptionRefusalCode,
    message: string,
    /** For `bad_ballots`: the positions whose proof fails (nothing is shared for any ballot). */
    readonly positions: number[] = []
  ) {
    super(message)
    this.name = 'DecryptionRefusal'
  }
}

/**
 * Every committed encrypted ballot, fetched page by page from position 0. Refuses before the close
 * (the server would refuse the shares anyway), and a list that is not positions 0 … total − 1 in
 * order with the same total on every page, or a ballot that does not decode.
 */
export async function fetchEncryptedBallots(
  fetchPage: (first: number) => Promise<TrusteeBallotsPage>,
  onProgress: (fetched: number, total: number) => void = () => {}
): Promise<EncryptedBallot[]> {
  const ballots: EncryptedBallot[] = []
  let total: number | null = null
  do {
    const page = await fetchPage(ballots.length)
    if (!page.votingClosed) {
      throw new DecryptionRefusal('voting_not_closed', 'voting has not closed yet')
    }
    if (total !== null && page.total !== total) {
      throw new DecryptionRefusal('ballot_list', 'the number of ballots changed after the close')
    }
    total = page.total
    if (page.ballots.length === 0 && ballots.length < total) {
      throw new DecryptionRefusal('ballot_list', `the server sent no ballot at ${ballots.length}`)
    }
    for (const { position, ballot } of page.ballots) {
      if (position !== ballots.length || position >= total) {
        throw new DecryptionRefusal('ballot_list', `ballot at position ${position} out of order`)
      }
      const decoded = decodeEncryptedBallot(hexToBytes(ballot))
      if (!decoded.ok) throw new DecryptionRefusal('bad_ballots', 'malformed ballot', [position])
      ballots.push(decoded.value)
    }
    onProgress(ballots.length, total)
  } while (ballots.length < total)
  return ballots
}

/** What `GET /api/v1/trustee/ceremony` sends that the decryption needs. */
export interface DecryptionCeremonyView extends CeremonyRecordsView {
  index: number
  paddedLength: number | null
}

/**
 * My key share and the encryption context, recomputed from the ceremony records (the election key
 * is the one the records imply, not the server's word for it).
 */
export function decryptionKey(
  view: DecryptionCeremonyView,
  secret: bigint
): { keyShare: TrusteeKeyShare; context: EncryptionContext } {
  const state = ceremonyState(view)
  const result = ceremonyOutcome(state)
  if (!state.params || !result?.ok || view.paddedLength === null) {
    throw new DecryptionRefusal('ceremony_failed', 'the key ceremony has no result')
  }
  const own = myKeyShare(state.params, result, state.dealings, view.index, secret)
  if (!own.ok) {
    throw new DecryptionRefusal('no_key_share', `no key share for this trustee: ${own.reason}`)
  }
  return {
    keyShare: {
      campaignId: view.campaignId,
      trustee: view.index,
      keyShare: own.share,
      publicShare: result.publicShares[view.index - 1],
    },
    context: {
      campaignId: view.campaignId,
      electionKey: result.electionKey,
      paddedLength: view.paddedLength,
    },
  }
}

export type DecryptionStep =
  /** The proofs of the ballots before `ballots` verified. */
  | { kind: 'checked'; ballots: number; total: number }
  /** Shares made so far (batches already posted count as done). */
  | { kind: 'shared'; shares: number; total: number }
  /** A canonical batch's `decryption-shares` record bytes, to post. */
  | { kind: 'batch'; first: number; count: number; record: Uint8Array }

/**
 * My decryption shares as canonical batches (ballots k·1,024 … k·1,024 + 1,023), as a generator of
 * small steps so the page can yield to the browser between them and show progress. First every
 * ballot's proof of knowledge is checked and nothing at all is shared if one fails (`bad_ballots`
 * with the positions): a decryption share of a ballot copied from another voter's ciphertext would
 * decrypt that voter's choices. `skip` holds the `first` of batches already on record (a rerun
 * posts nothing twice); `slice` is the number of shares per step.
 */
export function* decryptionBatches(
  key: TrusteeKeyShare,
  ballots: readonly EncryptedBallot[],
  context: EncryptionContext,
  options: { skip?: ReadonlySet<number>; slice?: number; rng?: Rng } = {}
): Generator<DecryptionStep> {
  const total = ballots.length
  const slice = Math.max(1, options.slice ?? 64)
  const bad: number[] = []
  // Four slices' worth of proofs per step: one multi-scalar check each, about as long as a slice.
  for (let first = 0; first < total; first += 4 * slice) {
    const part = ballots.slice(first, first + 4 * slice)
    for (const failure of checkEncryptedChoicesBatch(part, context, options.rng)) {
      bad.push(first + failure.index)
    }
    yield { kind: 'checked', ballots: first + part.length, total }
  }
  if (bad.length > 0) {
    throw new DecryptionRefusal('bad_ballots', `ballot proofs fail at ${bad.join(', ')}`, bad)
  }
  for (let first = 0; first < total; first += DECRYPTION_SHARES_MAX) {
    const chunk = ballots.slice(first, first + DECRYPTION_SHARES_MAX)
    if (options.skip?.has(first)) {
      yield { kind: 'shared', shares: first + chunk.length, total }
      continue
    }
    const shares: DecryptionShare[] = []
    for (let at = 0; at < chunk.length; at += slice) {
      const part = chunk.slice(at, at + slice)
      shares.push(...makeDecryptionShareBatch(key, part, first + at, options.rng).shares)
      yield { kind: 'shared', shares: first + at + part.length, total }
    }
    const record = encodeDecryptionShareBatch({
      campaignId: key.campaignId,
      trustee: key.trustee,
      first,
      shares,
    })
    yield { kind: 'batch', first, count: chunk.length, record }
  }
}
