import { test } from '@japa/runner'
import * as blst from '@chainsafe/blst'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { pointNotOnCurve, pointOutsideSubgroup } from '#tests/helpers/invalid_points'
import {
  BLS_DST,
  blind,
  bytesToHex,
  credentialMessage,
  encodeG1,
  encodeG2,
  parseG1,
  parseG2,
  finishCredential,
  popProve,
  ProtocolError,
  verifyPop,
  generateRegistrarKey,
  generateVoterKey,
  hexToBytes,
  InvalidPointError,
  registrarPublicKey,
  signBlinded,
  unblind,
  verifyCredential,
} from '@civic-budget/protocol'

function expectPointError(assert: any, fn: () => unknown, code: string) {
  try {
    fn()
  } catch (error) {
    assert.instanceOf(error, InvalidPointError)
    assert.equal((error as InvalidPointError).code, code)
    return
  }
  assert.fail(`expected InvalidPointError ${code}`)
}

test.group('protocol / credential', () => {
  test('credMsg layout', ({ assert }) => {
    const voterKey = new Uint8Array(32).fill(0xaa)
    const msg = credentialMessage(7, voterKey)
    assert.equal(
      bytesToHex(msg),
      bytesToHex(new TextEncoder().encode('civic-budget/credential/v1')) +
        '00' +
        '0000000000000007' +
        'aa'.repeat(32)
    )
  })

  test('blind → sign → unblind → verify (noble), and the credential is the plain signature', ({
    assert,
  }) => {
    const registrar = generateRegistrarKey()
    assert.lengthOf(registrar.publicKey, 96)
    assert.equal(registrarPublicKey(registrar.secretKey), registrar.publicKey)
    const { publicKey } = generateVoterKey()
    const { blinded, r } = blind(7, publicKey)
    assert.lengthOf(blinded, 192)
    const blindSignature = signBlinded(registrar.secretKey, blinded)
    assert.lengthOf(blindSignature, 192)
    const credential = unblind(blindSignature, r)
    assert.isTrue(verifyCredential(registrar.publicKey, 7, publicKey, credential))
    // unlinkability sanity: what the registrar saw differs from the credential
    assert.notEqual(blindSignature, credential)
    // wrong campaign, wrong voter key, wrong registrar
    assert.isFalse(verifyCredential(registrar.publicKey, 8, publicKey, credential))
    assert.isFalse(
      verifyCredential(registrar.publicKey, 7, generateVoterKey().publicKey, credential)
    )
    assert.isFalse(verifyCredential(generateRegistrarKey().publicKey, 7, publicKey, credential))
    assert.isFalse(verifyCredential(registrar.publicKey, 7, publicKey, 'zz'))
    // two blindings of the same message give different blinded points, same credential
    const second = blind(7, publicKey)
    assert.notEqual(second.blinded, blinded)
    assert.equal(unblind(signBlinded(registrar.secretKey, second.blinded), second.r), credential)
  })

  test('interop with @chainsafe/blst (same DST, deterministic signatures)', ({ assert }) => {
    const sk = blst.SecretKey.fromKeygen(new Uint8Array(32).fill(9))
    const skHex = sk.toHex().replace(/^0x/, '')
    const pkHex = sk.toPublicKey().toHex(true).replace(/^0x/, '')
    assert.equal(registrarPublicKey(skHex), pkHex)
    const { publicKey } = generateVoterKey()
    const { blinded, r } = blind(3, publicKey)
    const credential = unblind(signBlinded(skHex, blinded), r)
    const msg = credentialMessage(3, publicKey)
    // the server fast path verifies the unblinded credential
    assert.isTrue(
      blst.verify(
        msg,
        blst.PublicKey.fromHex(pkHex, true),
        blst.Signature.fromBytes(hexToBytes(credential), true),
        true,
        true
      )
    )
    // a direct blst signature of credMsg equals the unblinded one
    assert.equal(bytesToHex(sk.sign(msg).toBytes(true)), credential)
    // and noble verifies blst's signature
    assert.isTrue(verifyCredential(pkHex, 3, publicKey, bytesToHex(sk.sign(msg).toBytes(true))))
    // the DST is the one protocol.md names
    assert.equal(BLS_DST, 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_')
  })

  test('the registrar refuses bad blinded points with typed errors', ({ assert }) => {
    const { secretKey } = generateRegistrarKey()
    const good = blind(1, new Uint8Array(32)).blinded
    const identity = 'c0' + '00'.repeat(95)
    expectPointError(assert, () => signBlinded(secretKey, identity), 'identity')
    expectPointError(assert, () => signBlinded(secretKey, good.slice(0, 190)), 'bad_length')
    expectPointError(assert, () => signBlinded(secretKey, good + '00'), 'bad_length')
    expectPointError(assert, () => signBlinded(secretKey, new Uint8Array(95)), 'bad_length')
    expectPointError(assert, () => signBlinded(secretKey, 'xyz'), 'bad_encoding')
    expectPointError(assert, () => signBlinded(secretKey, good.toUpperCase()), 'bad_encoding')
    // uncompressed flag / infinity with garbage / coordinate ≥ p
    expectPointError(assert, () => signBlinded(secretKey, '00' + good.slice(2)), 'bad_encoding')
    expectPointError(
      assert,
      () => signBlinded(secretKey, 'c0' + '00'.repeat(94) + '01'),
      'bad_encoding'
    )
    expectPointError(assert, () => signBlinded(secretKey, '9f' + 'ff'.repeat(95)), 'bad_encoding')
    expectPointError(assert, () => signBlinded(secretKey, pointNotOnCurve()), 'not_on_curve')
    expectPointError(
      assert,
      () => signBlinded(secretKey, pointOutsideSubgroup()),
      'not_in_subgroup'
    )
    // the good point is accepted; a retry gives the same answer
    assert.equal(signBlinded(secretKey, good), signBlinded(secretKey, good))
  })

  test('unblind refuses a malformed registrar answer and a zero r', ({ assert }) => {
    const { blinded, r } = blind(1, new Uint8Array(32))
    expectPointError(assert, () => unblind('c0' + '00'.repeat(95), r), 'identity')
    expectPointError(assert, () => unblind(pointOutsideSubgroup(), r), 'not_in_subgroup')
    assert.throws(() => unblind(blinded, 0n))
  })

  test('blinding uses the injected rng and rejects out-of-range scalars', ({ assert }) => {
    let calls = 0
    const rng = (n: number) => {
      calls++
      // first draw: 0xff… ≥ n after masking the top bit → rejected; second: small scalar
      return calls === 1 ? new Uint8Array(n).fill(0xff) : new Uint8Array(n).fill(0).fill(5, n - 1)
    }
    const { r } = blind(1, new Uint8Array(32), rng)
    assert.equal(r, 5n)
    assert.equal(calls, 2)
  })

  test('timings: noble credential verify, blst verify', ({ assert }) => {
    const registrar = generateRegistrarKey()
    const { publicKey } = generateVoterKey()
    const { blinded, r } = blind(7, publicKey)
    const credential = unblind(signBlinded(registrar.secretKey, blinded), r)
    const rounds = 5
    let t = performance.now()
    for (let i = 0; i < rounds; i++)
      assert.isTrue(verifyCredential(registrar.publicKey, 7, publicKey, credential))
    const noble = (performance.now() - t) / rounds
    const pk = blst.PublicKey.fromHex(registrar.publicKey, true)
    const msg = credentialMessage(7, publicKey)
    const sigBytes = hexToBytes(credential)
    t = performance.now()
    for (let i = 0; i < 50; i++) {
      assert.isTrue(blst.verify(msg, pk, blst.Signature.fromBytes(sigBytes, true), false, true))
    }
    const native = (performance.now() - t) / 50
    t = performance.now()
    for (let i = 0; i < rounds; i++) blind(7, publicKey)
    const blinding = (performance.now() - t) / rounds
    console.log(
      `    timing: noble verifyCredential ${noble.toFixed(1)} ms, blst verify ${native.toFixed(2)} ms, blind ${blinding.toFixed(1)} ms`
    )
  }).timeout(60_000)

  test('finishCredential unblinds and verifies; a cheating registrar is detected', ({ assert }) => {
    const registrar = generateRegistrarKey()
    const other = generateRegistrarKey()
    const { publicKey } = generateVoterKey()
    const { blinded, r } = blind(7, publicKey)
    const credential = finishCredential(
      registrar.publicKey,
      7,
      publicKey,
      signBlinded(registrar.secretKey, blinded),
      r
    )
    assert.isTrue(verifyCredential(registrar.publicKey, 7, publicKey, credential))
    // answer signed with another key than the published one
    try {
      finishCredential(registrar.publicKey, 7, publicKey, signBlinded(other.secretKey, blinded), r)
      assert.fail('expected invalid_credential')
    } catch (error) {
      assert.instanceOf(error, ProtocolError)
      assert.equal((error as ProtocolError).code, 'invalid_credential')
    }
  }).timeout(60_000)

  test('proof of possession (IETF POP ciphersuite)', ({ assert }) => {
    const a = generateRegistrarKey()
    const b = generateRegistrarKey()
    const pop = popProve(a.secretKey)
    assert.isTrue(verifyPop(a.publicKey, pop))
    assert.isFalse(verifyPop(b.publicKey, pop))
    assert.isFalse(verifyPop(a.publicKey, popProve(b.secretKey)))
    assert.isFalse(verifyPop(a.publicKey, 'c0' + '00'.repeat(95)))
  }).timeout(60_000)

  test('own compressed point encoding matches noble and parses back (both sort bits)', ({
    assert,
  }) => {
    const sorts = new Set<number>()
    for (let i = 1; i <= 12; i++) {
      const k = BigInt(i) * 0x1234567890abcdefn + 7n
      const g2 = bls12_381.G2.Point.BASE.multiply(k)
      const g1 = bls12_381.G1.Point.BASE.multiply(k)
      const e2 = encodeG2(g2)
      const e1 = encodeG1(g1)
      assert.equal(bytesToHex(e2), bytesToHex(g2.toBytes()))
      assert.equal(bytesToHex(e1), bytesToHex(g1.toBytes()))
      assert.isTrue(parseG2(e2).equals(g2))
      assert.isTrue(parseG1(e1).equals(g1))
      assert.isTrue(parseG2(encodeG2(g2.negate())).equals(g2.negate()))
      sorts.add(e2[0] & 0x20).add(encodeG2(g2.negate())[0] & 0x20)
    }
    assert.equal(sorts.size, 2)
  })
})
