import * as blst from '@chainsafe/blst'
import { decodeBallot, ballotSigningMessage } from '@civic-budget/protocol/ballot'
import { credentialMessage } from '@civic-budget/protocol/credential'
import { hexToBytes } from '@civic-budget/protocol/bytes'
import { ed25519Verify } from '@civic-budget/protocol-node/ed25519'

/*
| Piscina worker: the expensive checks of a batch of ballots of ONE campaign.
| - Ed25519 ballot signatures with node:crypto (OpenSSL, ~0.1 ms each, `@civic-budget/protocol-node`);
| - BLS credentials with @chainsafe/blst: one randomized batch verification of the whole batch
|   (all under the campaign's single registrar key: a random linear combination, a few pairings);
|   only when the batch fails, one by one to find the bad ones.
| Plain data in and out (structured clone): no app imports, only the protocol packages.
*/
export type Verdict = 'ok' | 'malformed' | 'invalid_signature' | 'invalid_credential'

export interface VerifyTask {
  registrarPublicKey: string
  items: { ballotBytes: Uint8Array; signature: Uint8Array }[]
}

interface CredentialSet {
  index: number
  msg: Uint8Array
  sig: blst.Signature
}

export default function verifyBatch(task: VerifyTask): Verdict[] {
  const verdicts: Verdict[] = task.items.map(() => 'ok')
  const registrar = blst.PublicKey.fromBytes(hexToBytes(task.registrarPublicKey, 48), true)
  const sets: CredentialSet[] = []
  task.items.forEach((item, index) => {
    let ballot
    try {
      ballot = decodeBallot(item.ballotBytes)
    } catch {
      verdicts[index] = 'malformed'
      return
    }
    if (!ed25519Verify(ballot.voterKey, ballotSigningMessage(item.ballotBytes), item.signature)) {
      verdicts[index] = 'invalid_signature'
      return
    }
    try {
      // `true`: the point must be on the curve, in the subgroup and not the identity.
      const sig = blst.Signature.fromBytes(ballot.credential, true, true)
      sets.push({ index, msg: credentialMessage(ballot.campaignId, ballot.voterKey), sig })
    } catch {
      verdicts[index] = 'invalid_credential'
    }
  })
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
