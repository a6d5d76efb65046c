import { test } from '@japa/runner'
import verifyBatch, { type VerifyTask } from '#voting/intake/verify_worker'
import {
  blind,
  bytesToHex,
  encodeBallot,
  generateRegistrarKey,
  generateVoterKey,
  signBallot,
  signBlinded,
  unblind,
} from '@civic-budget/protocol'
import {
  encodeEncryptedBallot,
  encryptChoices,
  paddedChoicesLength,
  type EncryptedChoices,
} from '@civic-budget/protocol/encrypted_ballot'
import { baseMul, randomScalar } from '@civic-budget/protocol/ristretto'

/*
| The verify worker on encrypted ballots (v2): the proofs of a batch verified together, each bad
| one found (a ciphertext copied under another voter key, a wrong padded length), signatures and
| credentials as for v1, and a ballot of the other version refused as malformed.
*/
const CAMPAIGN = 9
const electionKey = baseMul(randomScalar())
const paddedLength = paddedChoicesLength([1, 2, 3], 1)
const context = { campaignId: CAMPAIGN, electionKey, paddedLength }
const registrar = generateRegistrarKey()

function credentialFor(voterKey: Uint8Array, secretKey = registrar.secretKey) {
  const { blinded, r } = blind(CAMPAIGN, voterKey)
  return unblind(signBlinded(secretKey, blinded), r)
}

function v2(encrypted?: (voterKey: Uint8Array) => EncryptedChoices, secretKey?: string) {
  const voter = generateVoterKey()
  const ballotBytes = encodeEncryptedBallot({
    campaignId: CAMPAIGN,
    encrypted: encrypted
      ? encrypted(voter.publicKey)
      : encryptChoices(context, voter.publicKey, [{ projectId: 2, weight: 1 }]),
    voterKey: voter.publicKey,
    credential: Buffer.from(credentialFor(voter.publicKey, secretKey), 'hex'),
  })
  return { ballotBytes, signature: signBallot(voter.secretKey, ballotBytes) }
}

function task(items: VerifyTask['items']): VerifyTask {
  return {
    registrarPublicKey: registrar.publicKey,
    encryption: { electionKey: bytesToHex(electionKey.toBytes()), paddedLength },
    items,
  }
}

test.group('Ballot intake / verify worker, encrypted ballots', () => {
  test('a mixed batch: copied ciphertext, wrong length, bad signature and credential found', ({
    assert,
  }) => {
    const original = generateVoterKey()
    const theirs = encryptChoices(context, original.publicKey, [{ projectId: 1, weight: 1 }])
    const longer = (voterKey: Uint8Array) =>
      encryptChoices({ ...context, paddedLength: paddedLength + 1 }, voterKey, [
        { projectId: 3, weight: 1 },
      ])
    const badSignature = v2()
    badSignature.signature = new Uint8Array(64)
    const items = [
      v2(),
      v2(() => theirs), // another voter's ciphertext under this voter's key and signature
      v2(),
      v2(longer), // a valid proof, but not this campaign's padded length
      badSignature,
      v2(undefined, generateRegistrarKey().secretKey),
      v2(),
    ]
    assert.deepEqual(verifyBatch(task(items)), [
      'ok',
      'invalid_proof',
      'ok',
      'wrong_length',
      'invalid_signature',
      'invalid_credential',
      'ok',
    ])
  }).timeout(30_000)

  test('the campaign decides the version: v1 in an encrypted campaign, v2 in a clear one', ({
    assert,
  }) => {
    const voter = generateVoterKey()
    const clearBytes = encodeBallot({
      campaignId: CAMPAIGN,
      choices: [{ projectId: 1, weight: 1 }],
      voterKey: voter.publicKey,
      credential: credentialFor(voter.publicKey),
    })
    const clear = { ballotBytes: clearBytes, signature: signBallot(voter.secretKey, clearBytes) }
    const encrypted = v2()
    assert.deepEqual(verifyBatch(task([clear, encrypted])), ['malformed', 'ok'])
    assert.deepEqual(verifyBatch({ ...task([clear, encrypted]), encryption: null }), [
      'ok',
      'malformed',
    ])
  }).timeout(30_000)
})
