import { test } from '@japa/runner'
import verifyBatch from '#voting/intake/verify_worker'
import { verifyInPool, closeVerifyPool } from '#voting/intake/verify_pool'
import {
  blind,
  cborEncode,
  encodeBallot,
  generateRegistrarKey,
  generateVoterKey,
  signBallot,
  signBlinded,
  unblind,
} from '@civic-budget/protocol'

/* The verify worker: Ed25519 + a blst batch of credentials, one by one only when the batch fails. */
function ballot(registrarSecretKey: string, credentialCampaignId = 9) {
  const campaignId = 9
  const voter = generateVoterKey()
  const { blinded, r } = blind(credentialCampaignId, voter.publicKey)
  const credential = unblind(signBlinded(registrarSecretKey, blinded), r)
  const ballotBytes = encodeBallot({
    campaignId,
    choices: [{ projectId: 1, weight: 1 }],
    voterKey: voter.publicKey,
    credential,
  })
  return { ballotBytes, signature: signBallot(voter.secretKey, ballotBytes) }
}

test.group('Ballot intake / verify worker', () => {
  test('a mixed batch: each bad ballot is found, the good ones pass', ({ assert }) => {
    const registrar = generateRegistrarKey()
    const stranger = generateRegistrarKey()
    const items = [
      ballot(registrar.secretKey),
      ballot(stranger.secretKey), // credential from another registrar
      ballot(registrar.secretKey),
      { ...ballot(registrar.secretKey), signature: new Uint8Array(64) },
      { ballotBytes: cborEncode([1, 2, 3]), signature: new Uint8Array(64) },
      ballot(registrar.secretKey, 10), // same registrar, credential for another campaign
      ballot(registrar.secretKey),
    ]
    assert.deepEqual(verifyBatch({ registrarPublicKey: registrar.publicKey, items }), [
      'ok',
      'invalid_credential',
      'ok',
      'invalid_signature',
      'malformed',
      'invalid_credential',
      'ok',
    ])
    const all = verifyBatch({ registrarPublicKey: stranger.publicKey, items: [items[0], items[2]] })
    assert.deepEqual(all, ['invalid_credential', 'invalid_credential'])
  }).timeout(30_000)

  test('the piscina pool runs the same worker', async ({ assert }) => {
    const registrar = generateRegistrarKey()
    const items = [ballot(registrar.secretKey), ballot(generateRegistrarKey().secretKey)]
    try {
      const verdicts = await verifyInPool({ registrarPublicKey: registrar.publicKey, items })
      assert.deepEqual(verdicts, ['ok', 'invalid_credential'])
    } finally {
      await closeVerifyPool()
    }
  }).timeout(30_000)
})
