/*
| An encrypted election in memory (no database): a t-of-n key ceremony, ballots encrypted to its
| election key and signed by fresh voter keys, and each trustee's decryption share batches. The
| decryption tests build their rows and records from it.
*/
import { ed25519 } from '@noble/curves/ed25519.js'
import { ballotHash, signBallot, type BallotChoice } from '@civic-budget/protocol/ballot'
import {
  ceremonyResult,
  createDealing,
  generateTrusteeKey,
  trusteeSecretShare,
  type CeremonyParams,
  type Dealing,
  type TrusteeKeyRecord,
} from '@civic-budget/protocol/dkg'
import {
  campaignPaddedLength,
  encodeEncryptedBallot,
  encryptChoices,
  type EncryptedBallot,
} from '@civic-budget/protocol/encrypted_ballot'
import {
  makeDecryptionShareBatch,
  type DecryptionShareBatch,
  type TrusteeKeyShare,
} from '@civic-budget/protocol/decryption'
import { pointBytes, type RistrettoPoint } from '@civic-budget/protocol/ristretto'
import { SHARE_CHUNK } from '@civic-budget/protocol/threshold_tally'
import type { BallotRule } from '@civic-budget/protocol/rules'

export interface ElectionShape {
  campaignId: number
  threshold: number
  trustees: number
  pots: { id: number; budget: number; rule: BallotRule }[]
  projects: { id: number; cost: number; potId: number }[]
}

export interface Election {
  shape: ElectionShape
  encryption: {
    threshold: number
    trustees: number
    electionKey: Uint8Array
    paddedLength: number
  }
  trusteeKeys: TrusteeKeyRecord[]
  /** `trusteeSecrets[i − 1]`: trustee i's ceremony secret (for a key file). */
  trusteeSecrets: bigint[]
  dealings: Dealing[]
  keyShares: TrusteeKeyShare[]
  ballots: EncryptedBallot[]
  ballotBytes: Uint8Array[]
  ballotHashes: string[]
  signatures: Uint8Array[]
}

/** A t-of-n key ceremony run in-process: every trustee's key, dealing and key share. */
export interface TestKeyCeremony {
  trusteeKeys: TrusteeKeyRecord[]
  /** `trusteeSecrets[i − 1]`: trustee i's ceremony secret (for a key file). */
  trusteeSecrets: bigint[]
  dealings: Dealing[]
  electionKey: RistrettoPoint
  keyShares: TrusteeKeyShare[]
}

export function makeKeyCeremony(campaignId: number, threshold: number, n: number): TestKeyCeremony {
  const trustees = Array.from({ length: n }, (_, i) => generateTrusteeKey(campaignId, i + 1))
  const params: CeremonyParams = {
    campaignId,
    threshold,
    trusteeKeys: trustees.map((t) => t.record.ceremonyKey),
  }
  const dealings = trustees.map((_, i) => createDealing(params, i + 1))
  const result = ceremonyResult(params, dealings, [])
  if (!result.ok) throw new Error('test ceremony failed')
  const keyShares = trustees.map((trustee, i): TrusteeKeyShare => {
    const own = trusteeSecretShare(params, result, dealings, i + 1, trustee.secret)
    if (!own.ok) throw new Error(`test ceremony: trustee ${i + 1} has no key share`)
    return { campaignId, trustee: i + 1, keyShare: own.share, publicShare: result.publicShares[i] }
  })
  return {
    trusteeKeys: trustees.map((t) => t.record),
    trusteeSecrets: trustees.map((t) => t.secret),
    dealings,
    electionKey: result.electionKey,
    keyShares,
  }
}

export function makeElection(shape: ElectionShape, choices: BallotChoice[][]): Election {
  const { campaignId, threshold, trustees: n } = shape
  const ceremony = makeKeyCeremony(campaignId, threshold, n)
  const paddedLength = campaignPaddedLength(shape)
  const context = { campaignId, electionKey: ceremony.electionKey, paddedLength }
  const voters = choices.map(() => {
    const secretKey = ed25519.utils.randomSecretKey()
    return { secretKey, publicKey: ed25519.getPublicKey(secretKey) }
  })
  const ballots = choices.map((c, v): EncryptedBallot => ({
    version: 2,
    campaignId,
    encrypted: encryptChoices(context, voters[v].publicKey, c),
    voterKey: voters[v].publicKey,
    credential: new Uint8Array(96).fill(v % 251),
  }))
  const ballotBytes = ballots.map((b) => encodeEncryptedBallot(b))
  return {
    shape,
    encryption: {
      threshold,
      trustees: n,
      electionKey: pointBytes(ceremony.electionKey),
      paddedLength,
    },
    trusteeKeys: ceremony.trusteeKeys,
    trusteeSecrets: ceremony.trusteeSecrets,
    dealings: ceremony.dealings,
    keyShares: ceremony.keyShares,
    ballots,
    ballotBytes,
    ballotHashes: ballotBytes.map((bytes) => ballotHash(bytes)),
    signatures: ballotBytes.map((bytes, v) => signBallot(voters[v].secretKey, bytes)),
  }
}

/** Trustee `index`'s canonical batches (1,024 ballots each) over all the election's ballots. */
export function trusteeBatches(election: Election, index: number): DecryptionShareBatch[] {
  const batches: DecryptionShareBatch[] = []
  for (let first = 0; first < election.ballots.length; first += SHARE_CHUNK) {
    const slice = election.ballots.slice(first, first + SHARE_CHUNK)
    batches.push(makeDecryptionShareBatch(election.keyShares[index - 1], slice, first))
  }
  return batches
}

/** The batch with the share of position `position` replaced by the next ballot's (a wrong share). */
export function withWrongShare(
  batch: DecryptionShareBatch,
  position: number
): DecryptionShareBatch {
  const shares = [...batch.shares]
  const k = position - batch.first
  shares[k] = shares[(k + 1) % shares.length]
  return { ...batch, shares }
}
