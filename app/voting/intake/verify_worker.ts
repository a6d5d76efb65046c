import * as blst from '@chainsafe/blst'
import { ballotSigningMessage, decodeBallot } from '@civic-budget/protocol/ballot'
import { credentialMessage } from '@civic-budget/protocol/credential'
import { hexToBytes } from '@civic-budget/protocol/bytes'
import {
  checkEncryptedChoicesBatch,
  decodeEncryptedBallot,
  type EncryptedBallot,
} from '@civic-budget/protocol/encrypted_ballot'
import { parsePoint } from '@civic-budget/protocol/ristretto'
import { ed25519Verify } from '@civic-budget/protocol-node/ed25519'

/*
| Piscina worker: the expensive checks of a batch of ballots of ONE campaign.
| - Ed25519 ballot signatures with node:crypto (OpenSSL, ~0.1 ms each, `@civic-budget/protocol-node`);
| - encrypted ballots (v2, an encrypted campaign): ciphertext length and the proof of knowledge of the
|   encryption randomness, bound to the campaign, the voter key and the ciphertext — all proofs of
|   the batch in one multi-scalar multiplication (`checkEncryptedChoicesBatch`), one by one only
|   when that fails. A ciphertext copied under another voter key fails here (`invalid_proof`);
| - BLS credentials with @chainsafe/blst: one randomized batch verification of the whole batch
|   (all under the campaign's single registrar key: a random linear combination, a few pairings);
|   only when the batch fails, one by one to find the bad ones.
| Together: what `checkEncryptedBallot` / `checkBallot` check, batched. Which version a campaign
| takes was decided by the intake; here a ballot of the other version is `malformed`.
| Plain data in and out (structured clone): no app imports, only the protocol packages.
*/
export type Verdict =
  'ok' | 'malformed' | 'invalid_signature' | 'invalid_credential' | 'invalid_proof' | 'wrong_length'

/** An encrypted campaign's election key (hex) and padded plaintext length. */
export interface EncryptionKey {
  electionKey: string
  paddedLength: number
}

/** What a campaign's ballots are checked against. */
export interface CampaignKeys {
  registrarPublicKey: string
  /** Absent or null: a campaign in clear (ballot v1 only); else ballot v2 only. */
  encryption?: EncryptionKey | null
}

export interface VerifyTask extends CampaignKeys {
  items: { ballotBytes: Uint8Array; signature: Uint8Array }[]
}

interface CredentialSet {
  index: number
  msg: Uint8Array
  sig: blst.Signature
}

interface Checked {
  index: number
  campaignId: number
  voterKey: Uint8Array
  credential: Uint8Array
  encrypted: EncryptedBallot | null
}

/** The campaign's ballot version only (v2 iff encrypted), strictly decoded; null if not. */
function decodeFor(task: VerifyTask, bytes: Uint8Array) {
  try {
    if (!task.encryption) return { ballot: decodeBallot(bytes), encrypted: null }
    const decoded = decodeEncryptedBallot(bytes)
    return decoded.ok ? { ballot: decoded.value, encrypted: decoded.value } : null
  } catch {
    return null
  }
}

function decodeAndSign(task: VerifyTask, verdicts: Verdict[]): Checked[] {
  const checked: Checked[] = []
  task.items.forEach((item, index) => {
    const decoded = decodeFor(task, item.ballotBytes)
    if (!decoded) {
      verdicts[index] = 'malformed'
      return
    }
    const ballot = decoded.ballot
    if (!ed25519Verify(ballot.voterKey, ballotSigningMessage(item.ballotBytes), item.signature)) {
      verdicts[index] = 'invalid_signature'
      return
    }
    checked.push({
      index,
      campaignId: ballot.campaignId,
      voterKey: ballot.voterKey,
      credential: ballot.credential,
      encrypted: decoded.encrypted,
    })
  })
  return checked
}

/** The proofs of the encrypted ballots (one batch); returns the ballots that pass. */
function checkProofs(task: VerifyTask, checked: Checked[], verdicts: Verdict[]): Checked[] {
  const encrypted = checked.filter((c) => c.encrypted !== null)
  if (!task.encryption || encrypted.length === 0) return checked
  const failures = checkEncryptedChoicesBatch(
    encrypted.map((c) => c.encrypted!),
    {
      campaignId: encrypted[0].campaignId,
      electionKey: parsePoint(hexToBytes(task.encryption.electionKey, 32), 'electionKey'),
      paddedLength: task.encryption.paddedLength,
    }
  )
  for (const failure of failures) {
    verdicts[encrypted[failure.index].index] =
      failure.reason === 'wrong_campaign' ? 'malformed' : failure.reason
  }
  return checked.filter((c) => verdicts[c.index] === 'ok')
}

export default function verifyBatch(task: VerifyTask): Verdict[] {
  const verdicts: Verdict[] = task.items.map(() => 'ok')
  const registrar = blst.PublicKey.fromBytes(hexToBytes(task.registrarPublicKey, 48), true)
  const signed = checkProofs(task, decodeAndSign(task, verdicts), verdicts)
  const sets: CredentialSet[] = []
  for (const ballot of signed) {
    try {
      // `true`: the point must be on the curve, in the subgroup and not the identity.
      const sig = blst.Signature.fromBytes(ballot.credential, true, true)
      sets.push({
        index: ballot.index,
        msg: credentialMessage(ballot.campaignId, ballot.voterKey),
        sig,
      })
    } catch {
      verdicts[ballot.index] = 'invalid_credential'
    }
  }
  if (sets.length === 0) return verdicts
  const batchOk =
    sets.length === 1
      ? blst.verify(sets[0].msg, registrar, sets[0].sig)
      : blst.verifyMultipleAggregateSignatures(
          sets.map((s) => ({ msg: s.msg, pk: registrar, sig: s.sig })),
          false,
          false
        )
  if (!batchOk) {
    for (const set of sets) {
      if (!blst.verify(set.msg, registrar, set.sig)) verdicts[set.index] = 'invalid_credential'
    }
  }
  return verdicts
}
