/**
 * The golden-vector scenario of the threshold encryption (vectors/threshold.json), from fixed seeds:
 * a 2-of-3 ceremony for campaign 7 where dealer 3 gives trustee 1 a share that does not match its
 * commitments (trustee 1 complains, dealer 3 is excluded), two encrypted ballots and the decryption
 * shares of trustees 1 and 2. The generator writes its bytes; the checks rebuild it and compare, so
 * any change of a byte layout, transcript, KDF or rng use shows. Public subpaths only, no `node:`.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { signBallot } from '@civic-budget/protocol/ballot'
import { uint64be, utf8, concatBytes } from '@civic-budget/protocol/bytes'
import { sha256 } from '@civic-budget/protocol/hash'
import {
  ceremonyResult,
  createDealing,
  generateTrusteeKey,
  makeComplaint,
  sealShare,
  trusteeSecretShare,
  type CeremonyParams,
  type CeremonyResult,
  type Complaint,
  type Dealing,
  type TrusteeKeyRecord,
} from '@civic-budget/protocol/dkg'
import {
  encodeEncryptedBallot,
  encryptChoices,
  paddedChoicesLength,
  type EncryptedBallot,
  type EncryptionContext,
} from '@civic-budget/protocol/encrypted_ballot'
import {
  makeDecryptionShareBatch,
  type DecryptionShareBatch,
} from '@civic-budget/protocol/decryption'
import type { Rng } from '@civic-budget/protocol/ristretto'

/** A deterministic byte stream: SHA-256(label ‖ uint64be(block)) blocks. */
export function seededRng(label: string): Rng {
  const seed = utf8(`civic-budget/vectors/threshold/${label}`)
  let block = 0
  let buffer = new Uint8Array(0)
  return (length: number) => {
    while (buffer.length < length)
      buffer = concatBytes(buffer, sha256(concatBytes(seed, uint64be(block++))))
    const out = buffer.slice(0, length)
    buffer = buffer.slice(length)
    return out
  }
}

export const SCENARIO_CAMPAIGN = 7
export const SCENARIO_PROJECTS = [1, 2, 3, 4, 5]
export const SCENARIO_CHOICES = [
  [{ projectId: 2, weight: 1 }],
  [
    { projectId: 1, weight: 1 },
    { projectId: 4, weight: 1 },
    { projectId: 5, weight: 1 },
  ],
]

export interface ThresholdScenario {
  params: CeremonyParams
  trustees: { secret: bigint; record: TrusteeKeyRecord }[]
  dealings: Dealing[]
  complaint: Complaint
  result: Extract<CeremonyResult, { ok: true }>
  context: EncryptionContext
  voters: { secretKey: Uint8Array; publicKey: Uint8Array }[]
  ballots: EncryptedBallot[]
  ballotBytes: Uint8Array[]
  signatures: Uint8Array[]
  batches: DecryptionShareBatch[]
}

export function thresholdScenario(): ThresholdScenario {
  const campaignId = SCENARIO_CAMPAIGN
  const trustees = [1, 2, 3].map((i) =>
    generateTrusteeKey(campaignId, i, seededRng(`trustee-${i}`))
  )
  const params: CeremonyParams = {
    campaignId,
    threshold: 2,
    trusteeKeys: trustees.map((t) => t.record.ceremonyKey),
  }
  const dealings = [1, 2, 3].map((d) => createDealing(params, d, seededRng(`dealing-${d}`)))
  dealings[2].shares[0] = sealShare(params, 3, 1, 1n, seededRng('bad-share'))
  const complaint = makeComplaint(
    params,
    dealings[2],
    1,
    trustees[0].secret,
    seededRng('complaint')
  )
  const result = ceremonyResult(params, dealings, [complaint])
  if (!result.ok) throw new Error('scenario: ceremony failed')
  const context: EncryptionContext = {
    campaignId,
    electionKey: result.electionKey,
    paddedLength: paddedChoicesLength(SCENARIO_PROJECTS, 1),
  }
  const voters = SCENARIO_CHOICES.map((_, v) => {
    const secretKey = sha256(utf8(`civic-budget/vectors/threshold/voter-${v}`))
    return { secretKey, publicKey: ed25519.getPublicKey(secretKey) }
  })
  const ballots: EncryptedBallot[] = SCENARIO_CHOICES.map((choices, v) => ({
    version: 2,
    campaignId,
    encrypted: encryptChoices(context, voters[v].publicKey, choices, seededRng(`ballot-${v}`)),
    voterKey: voters[v].publicKey,
    // Not a real credential (the encryption does not read it); ballot.json pins real ones.
    credential: concatBytes(...[0, 1, 2].map((k) => sha256(utf8(`credential-${v}-${k}`)))),
  }))
  const ballotBytes = ballots.map((b) => encodeEncryptedBallot(b))
  const signatures = ballotBytes.map((bytes, v) => signBallot(voters[v].secretKey, bytes))
  const batches = [1, 2].map((index) => {
    const own = trusteeSecretShare(params, result, dealings, index, trustees[index - 1].secret)
    if (!own.ok) throw new Error(`scenario: trustee ${index} has no share`)
    const key = {
      campaignId,
      trustee: index,
      keyShare: own.share,
      publicShare: result.publicShares[index - 1],
    }
    return makeDecryptionShareBatch(key, ballots, 0, seededRng(`shares-${index}`))
  })
  return {
    params,
    trustees,
    dealings,
    complaint,
    result,
    context,
    voters,
    ballots,
    ballotBytes,
    signatures,
    batches,
  }
}
