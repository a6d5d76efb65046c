import { test } from '@japa/runner'
import * as blst from '@chainsafe/blst'
import {
  createPublicKey,
  createPrivateKey,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto'
import {
  BallotFormatError,
  ballotHash,
  ballotSigningMessage,
  ballotTx,
  bytesToHex,
  cborEncode,
  checkBallot,
  decodeBallot,
  decodeBallotTx,
  encodeBallot,
  generateRegistrarKey,
  generateVoterKey,
  hexToBytes,
  sha256Hex,
  signBallot,
  txHash,
  verifyBallotSignature,
} from '@civic-budget/protocol'
import { castBallot } from '#tests/helpers/protocol_fixtures'

const voterKey = new Uint8Array(32).fill(0x11)
const credential = new Uint8Array(96).fill(0x22)

function expectFormat(assert: any, fn: () => unknown, code: string) {
  try {
    fn()
  } catch (error) {
    assert.instanceOf(error, BallotFormatError)
    assert.equal((error as BallotFormatError).code, code)
    return
  }
  assert.fail(`expected BallotFormatError ${code}`)
}

/** Raw CBOR bytes for hand-made (possibly invalid) ballots. */
function raw(h: string) {
  return hexToBytes(h.replace(/\s+/g, ''))
}
const VK = '5820' + '11'.repeat(32)
const CRED = '5860' + '22'.repeat(96)

test.group('protocol / ballot encoding', () => {
  test('encodes the hand-built vector, sorting choices', ({ assert }) => {
    const bytes = encodeBallot({
      campaignId: 7,
      choices: [
        { projectId: 15, weight: 1 },
        { projectId: 12, weight: 1 },
      ],
      voterKey,
      credential: bytesToHex(credential),
    })
    assert.equal(bytesToHex(bytes), '85' + '01' + '07' + '82820c01820f01' + VK + CRED)
    assert.equal(ballotHash(bytes), sha256Hex(bytes))
    assert.match(ballotHash(bytes), /^[0-9a-f]{64}$/)
  })

  test('round trip', ({ assert }) => {
    const choices = [
      { projectId: 1, weight: 3 },
      { projectId: 300, weight: 2 },
      { projectId: 70000, weight: 1 },
    ]
    const bytes = encodeBallot({ campaignId: 123456, choices, voterKey, credential })
    const ballot = decodeBallot(bytes)
    assert.deepEqual(ballot.choices, choices)
    assert.equal(ballot.campaignId, 123456)
    assert.deepEqual(ballot.voterKey, voterKey)
    assert.deepEqual(ballot.credential, credential)
    assert.deepEqual(
      encodeBallot({ campaignId: 123456, choices: ballot.choices, voterKey, credential }),
      bytes
    )
    // empty choices are a valid encoding (rules decide whether it is acceptable)
    assert.deepEqual(
      decodeBallot(encodeBallot({ campaignId: 1, choices: [], voterKey, credential })).choices,
      []
    )
  })

  test('encoder refuses repeats, bad numbers and wrong lengths', ({ assert }) => {
    const base = { campaignId: 7, voterKey, credential }
    expectFormat(
      assert,
      () =>
        encodeBallot({
          ...base,
          choices: [
            { projectId: 1, weight: 1 },
            { projectId: 1, weight: 2 },
          ],
        }),
      'duplicate_project'
    )
    expectFormat(
      assert,
      () => encodeBallot({ ...base, choices: [{ projectId: -1, weight: 1 }] }),
      'bad_choice'
    )
    expectFormat(
      assert,
      () => encodeBallot({ ...base, choices: [{ projectId: 1, weight: 1.5 }] }),
      'bad_choice'
    )
    expectFormat(
      assert,
      () => encodeBallot({ ...base, campaignId: -7, choices: [] }),
      'bad_campaign_id'
    )
    expectFormat(
      assert,
      () => encodeBallot({ ...base, voterKey: new Uint8Array(31), choices: [] }),
      'bad_length'
    )
    expectFormat(
      assert,
      () => encodeBallot({ ...base, credential: new Uint8Array(48), choices: [] }),
      'bad_length'
    )
  })

  test('decoder refuses non-canonical, unsorted, duplicate and wrong-length encodings', ({
    assert,
  }) => {
    const cases: [string, string][] = [
      ['85 01 07 82 820f01 820c01' + VK + CRED, 'unsorted_choices'],
      ['85 01 07 82 820c01 820c02' + VK + CRED, 'duplicate_project'],
      ['85 01 07 81 810c' + VK + CRED, 'bad_choice'],
      ['85 01 07 81 83 0c 01 01' + VK + CRED, 'bad_choice'],
      ['85 01 07 81 82 0c 20' + VK + CRED, 'cbor_bad_type'], // negative weight
      ['85 01 1807 81 820c01' + VK + CRED, 'cbor_malformed'], // 7 in two bytes
      ['85 01 07 9f 820c01 ff' + VK + CRED, 'cbor_malformed'], // indefinite array
      ['85 01 07 81 820c01' + VK + CRED + '00', 'cbor_malformed'], // trailing byte
      ['85 01 07 81 820c01 581f' + '11'.repeat(31) + CRED, 'bad_voter_key'],
      ['85 01 07 81 820c01' + VK + '585f' + '22'.repeat(95), 'bad_credential'],
      ['85 02 07 81 820c01' + VK + CRED, 'bad_version'],
      ['84 01 07 81 820c01' + VK, 'bad_shape'],
      ['86 01 07 81 820c01' + VK + CRED + '00', 'bad_shape'],
      ['85 01 07 81 820c01 7820' + '61'.repeat(32) + CRED, 'bad_voter_key'], // tstr, not bstr
      ['85 01 07 a0' + VK + CRED, 'cbor_bad_type'], // map
      ['85 01 07 81 820c f93c00' + VK + CRED, 'cbor_non_canonical'], // float weight 1.0
    ]
    for (const [h, code] of cases) expectFormat(assert, () => decodeBallot(raw(h)), code)
  })
})

test.group('protocol / ballot signature and tx', () => {
  test('Ed25519 sign/verify with domain separation', ({ assert }) => {
    const { secretKey, publicKey } = generateVoterKey()
    const bytes = encodeBallot({
      campaignId: 7,
      choices: [{ projectId: 12, weight: 1 }],
      voterKey: publicKey,
      credential,
    })
    const sig = signBallot(secretKey, bytes)
    assert.lengthOf(sig, 64)
    assert.isTrue(verifyBallotSignature(publicKey, bytes, sig))
    assert.isTrue(verifyBallotSignature(bytesToHex(publicKey), bytes, bytesToHex(sig)))
    const tampered = bytes.slice()
    tampered[5] ^= 1
    assert.isFalse(verifyBallotSignature(publicKey, tampered, sig))
    assert.isFalse(verifyBallotSignature(generateVoterKey().publicKey, bytes, sig))
    assert.isFalse(verifyBallotSignature(publicKey, bytes, sig.slice(0, 63)))
    assert.equal(
      bytesToHex(ballotSigningMessage(bytes)),
      bytesToHex(new TextEncoder().encode('civic-budget/ballot/v1')) + '00' + bytesToHex(bytes)
    )
  })

  test('interop with node:crypto (raw 32-byte public key)', ({ assert }) => {
    const { secretKey, publicKey } = generateVoterKey()
    const bytes = encodeBallot({ campaignId: 7, choices: [], voterKey: publicKey, credential })
    const message = ballotSigningMessage(bytes)
    // node verifies noble's signature
    const nodePublic = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
      format: 'jwk',
    })
    assert.isTrue(nodeVerify(null, message, nodePublic, signBallot(secretKey, bytes)))
    // noble verifies node's signature; signatures are deterministic so they are equal
    const nodePrivate = createPrivateKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        d: Buffer.from(secretKey).toString('base64url'),
        x: Buffer.from(publicKey).toString('base64url'),
      },
      format: 'jwk',
    })
    const nodeSig = nodeSign(null, message, nodePrivate)
    assert.isTrue(verifyBallotSignature(publicKey, bytes, nodeSig))
    assert.equal(bytesToHex(nodeSig), bytesToHex(signBallot(secretKey, bytes)))

    const rounds = 50
    let t = performance.now()
    for (let i = 0; i < rounds; i++) verifyBallotSignature(publicKey, bytes, nodeSig)
    const noble = (performance.now() - t) / rounds
    t = performance.now()
    for (let i = 0; i < rounds * 10; i++) nodeVerify(null, message, nodePublic, nodeSig)
    const native = (performance.now() - t) / (rounds * 10)
    console.log(
      `    timing: Ed25519 verify noble ${noble.toFixed(2)} ms, node:crypto ${(native * 1000).toFixed(0)} µs`
    )
  })

  test('ballot tx: [1, "ballot", ballotBytes, signature] and txHash', ({ assert }) => {
    const { secretKey, publicKey } = generateVoterKey()
    const bytes = encodeBallot({
      campaignId: 7,
      choices: [{ projectId: 12, weight: 1 }],
      voterKey: publicKey,
      credential,
    })
    const sig = signBallot(secretKey, bytes)
    const tx = ballotTx(bytes, sig)
    assert.equal(
      bytesToHex(tx),
      '84' +
        '01' +
        '6662616c6c6f74' +
        '58' +
        bytes.length.toString(16) +
        bytesToHex(bytes) +
        '5840' +
        bytesToHex(sig)
    )
    assert.equal(txHash(tx), sha256Hex(tx))
    const decoded = decodeBallotTx(tx)
    assert.deepEqual(decoded.ballotBytes, bytes)
    assert.deepEqual(decoded.signature, sig)
    expectFormat(assert, () => decodeBallotTx(cborEncode([1, 'support', bytes, sig])), 'not_ballot')
    expectFormat(
      assert,
      () => decodeBallotTx(cborEncode([1, 'ballot', bytes, sig.slice(1)])),
      'bad_signature_length'
    )
    expectFormat(assert, () => decodeBallotTx(cborEncode([1, 'ballot', bytes])), 'bad_shape')
    expectFormat(assert, () => decodeBallotTx(cborEncode([2, 'ballot', bytes, sig])), 'bad_version')
    expectFormat(assert, () => ballotTx(bytes.slice(1), sig), 'cbor_malformed')
  })

  test('checkBallot: signature and credential', ({ assert }) => {
    const registrar = generateRegistrarKey()
    const vote = castBallot(registrar, 7, [{ projectId: 12, weight: 1 }])
    const ok = checkBallot(vote.ballotBytes, vote.signature, registrar.publicKey, 7)
    assert.isTrue(ok.ok)
    assert.equal(checkBallot(vote.ballotBytes, vote.signature, registrar.publicKey, 8).ok, false)
    const badSig = vote.signature.slice()
    badSig[0] ^= 1
    assert.deepInclude(checkBallot(vote.ballotBytes, badSig, registrar.publicKey), {
      reason: 'invalid_signature',
    })
    assert.deepInclude(
      checkBallot(vote.ballotBytes, vote.signature, generateRegistrarKey().publicKey),
      {
        reason: 'invalid_credential',
      }
    )
    assert.deepInclude(
      checkBallot(vote.ballotBytes.slice(1), vote.signature, registrar.publicKey),
      {
        reason: 'malformed_ballot',
      }
    )
    // a ballot whose credential is someone else's: signed correctly but credential for another key
    const other = generateVoterKey()
    const stolen = encodeBallot({
      campaignId: 7,
      choices: [],
      voterKey: other.publicKey,
      credential: vote.credential,
    })
    assert.deepInclude(
      checkBallot(stolen, signBallot(other.secretKey, stolen), registrar.publicKey),
      {
        reason: 'invalid_credential',
      }
    )
  }).timeout(60_000)

  test('checkBallot with injected native verifiers (blst, node:crypto)', ({ assert }) => {
    const registrar = generateRegistrarKey()
    const vote = castBallot(registrar, 7, [{ projectId: 12, weight: 1 }])
    const options = {
      expectedCampaignId: 7,
      verifyCredential: (msg: Uint8Array, pk: Uint8Array, sig: Uint8Array) =>
        blst.verify(
          msg,
          blst.PublicKey.fromBytes(pk, true),
          blst.Signature.fromBytes(sig, true),
          false,
          true
        ),
      verifySignature: (key: Uint8Array, message: Uint8Array, sig: Uint8Array) =>
        nodeVerify(
          null,
          message,
          createPublicKey({
            key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key).toString('base64url') },
            format: 'jwk',
          }),
          sig
        ),
    }
    assert.isTrue(checkBallot(vote.ballotBytes, vote.signature, registrar.publicKey, options).ok)
    const other = generateRegistrarKey()
    assert.deepInclude(checkBallot(vote.ballotBytes, vote.signature, other.publicKey, options), {
      reason: 'invalid_credential',
    })
    const bad = vote.signature.slice()
    bad[10] ^= 4
    assert.deepInclude(checkBallot(vote.ballotBytes, bad, registrar.publicKey, options), {
      reason: 'invalid_signature',
    })
    // a throwing verifier (garbage credential bytes for blst) counts as invalid, not as a crash
    const garbage = encodeBallot({
      campaignId: 7,
      choices: [],
      voterKey: vote.voterKey,
      credential: new Uint8Array(96),
    })
    assert.deepInclude(
      checkBallot(garbage, signBallot(vote.voterSecretKey, garbage), registrar.publicKey, options),
      { reason: 'invalid_credential' }
    )
  }).timeout(60_000)
})
