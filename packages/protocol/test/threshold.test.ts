/**
 * The threshold-encryption crypto core (dkg, encrypted_ballot, decryption): the key ceremony with
 * absent and misbehaving trustees, encrypted ballots and their proofs, decryption shares with t and
 * t − 1 trustees, a wrong share named, and strict decoders that never throw on junk.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ed25519 } from '@noble/curves/ed25519.js'
import {
  ceremonyResult,
  createDealing,
  decodeComplaint,
  decodeDealing,
  decodeTrusteeKey,
  encodeComplaint,
  encodeDealing,
  encodeTrusteeKey,
  generateTrusteeKey,
  judgeComplaint,
  makeComplaint,
  openShare,
  sealShare,
  trusteeSecretShare,
  verifyTrusteeKey,
  type CeremonyParams,
  type CeremonyResult,
  type Dealing,
} from '../src/dkg.js'
import {
  checkEncryptedBallot,
  checkEncryptedChoices,
  checkEncryptedChoicesBatch,
  decodeEncryptedBallot,
  encodeEncryptedBallot,
  encryptChoices,
  paddedChoicesLength,
  padChoices,
  unpadChoices,
  type EncryptedBallot,
  type EncryptionContext,
} from '../src/encrypted_ballot.js'
import {
  combineDecryptionShares,
  decodeDecryptionShareBatch,
  decryptBallot,
  encodeDecryptionShareBatch,
  makeDecryptionShareBatch,
  parseDecryptionShare,
  verifyDecryptionShareBatch,
  type DecryptionShareBatch,
  type TrusteeKeyShare,
} from '../src/decryption.js'
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js'
import { baseMul, lagrangeAtZero, RistrettoPoint } from '../src/ristretto.js'
import { signBallot } from '../src/ballot.js'
import { credentialMessage, generateRegistrarKey, signBlinded } from '../src/credential.js'
import { encodeG2, hashToG2 } from '../src/bls.js'
import { concatBytes, hexToBytes } from '../src/bytes.js'
import { cborDecode, cborEncode, type CborValue } from '../src/cbor.js'
import type { Decoded } from '../src/decoded.js'

const CAMPAIGN = 42

interface Ceremony {
  params: CeremonyParams
  secrets: bigint[]
  dealings: Dealing[]
}

function setUp(threshold: number, n: number, campaignId = CAMPAIGN): Ceremony {
  const keys = Array.from({ length: n }, (_, i) => generateTrusteeKey(campaignId, i + 1))
  const params = { campaignId, threshold, trusteeKeys: keys.map((k) => k.record.ceremonyKey) }
  return { params, secrets: keys.map((k) => k.secret), dealings: [] }
}

function ok(result: CeremonyResult): Extract<CeremonyResult, { ok: true }> {
  if (!result.ok) assert.fail(`ceremony failed: ${result.reason}`)
  return result
}

function keyShares(c: Ceremony, result: Extract<CeremonyResult, { ok: true }>, who: number[]) {
  return who.map((index): TrusteeKeyShare => {
    const own = trusteeSecretShare(c.params, result, c.dealings, index, c.secrets[index - 1])
    if (!own.ok) assert.fail(`trustee ${index}: ${own.reason}`)
    return {
      campaignId: c.params.campaignId,
      trustee: index,
      keyShare: own.share,
      publicShare: result.publicShares[index - 1],
    }
  })
}

/** Any t key shares interpolate to the secret of the election key. */
function assertSharesInterpolate(shares: TrusteeKeyShare[], electionKey: RistrettoPoint) {
  const lambdas = lagrangeAtZero(shares.map((s) => s.trustee))
  const secret = shares.reduce(
    (sum, s, k) => (sum + lambdas[k] * s.keyShare) % RistrettoPoint.Fn.ORDER,
    0n
  )
  assert.ok(baseMul(secret).equals(electionKey))
}

function voter() {
  const secretKey = ed25519.utils.randomSecretKey()
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) }
}

function encryptedBallot(
  context: EncryptionContext,
  voterKey: Uint8Array,
  choices: { projectId: number; weight: number }[]
): EncryptedBallot {
  return {
    version: 2,
    campaignId: context.campaignId,
    encrypted: encryptChoices(context, voterKey, choices),
    voterKey,
    credential: new Uint8Array(96).fill(7),
  }
}

function roundTrip<T>(encode: (v: T) => Uint8Array, decode: (b: Uint8Array) => Decoded<T>, v: T) {
  const bytes = encode(v)
  const decoded = decode(bytes)
  assert.equal(decoded.ok, true)
  assert.deepEqual(encode((decoded as { value: T }).value), bytes)
  return (decoded as { value: T }).value
}

/* -------------------------------------------------------------------------------------- ceremony */

test('3-of-5 ceremony: every record round-trips, every trustee agrees, any 3 shares give the key', () => {
  const c = setUp(3, 5)
  for (let i = 1; i <= 5; i++) {
    const { record } = generateTrusteeKey(CAMPAIGN, i)
    assert.ok(verifyTrusteeKey(roundTrip(encodeTrusteeKey, decodeTrusteeKey, record)))
    assert.equal(verifyTrusteeKey({ ...record, index: i + 1 }), false)
    assert.equal(verifyTrusteeKey({ ...record, campaignId: CAMPAIGN + 1 }), false)
  }
  c.dealings = [1, 2, 3, 4, 5].map((dealer) =>
    roundTrip(encodeDealing, decodeDealing, createDealing(c.params, dealer))
  )
  const result = ok(ceremonyResult(c.params, c.dealings, []))
  assert.deepEqual(result.qualified, [1, 2, 3, 4, 5])
  assert.deepEqual(result.excluded, [])
  assert.deepEqual(result.absent, [])
  const expectedKey = c.dealings.reduce((s, d) => s.add(d.commitments[0]), RistrettoPoint.ZERO)
  assert.ok(result.electionKey.equals(expectedKey))
  // Order of the public records does not matter.
  const again = ok(ceremonyResult(c.params, [...c.dealings].reverse(), []))
  assert.ok(again.electionKey.equals(result.electionKey))
  const shares = keyShares(c, result, [1, 2, 3, 4, 5])
  for (const s of shares) assert.ok(baseMul(s.keyShare).equals(result.publicShares[s.trustee - 1]))
  assertSharesInterpolate([shares[0], shares[2], shares[4]], result.electionKey)
  assertSharesInterpolate([shares[1], shares[3], shares[4]], result.electionKey)
  // Two shares are not enough: they interpolate to something else.
  const two = [shares[0], shares[1]]
  const lambdas = lagrangeAtZero(two.map((s) => s.trustee))
  const wrong =
    (lambdas[0] * two[0].keyShare + lambdas[1] * two[1].keyShare) % RistrettoPoint.Fn.ORDER
  assert.equal(baseMul(wrong).equals(result.electionKey), false)
})

test('2-of-3 ceremony: encrypt, share, decrypt', () => {
  const c = setUp(2, 3)
  c.dealings = [1, 2, 3].map((dealer) => createDealing(c.params, dealer))
  const result = ok(ceremonyResult(c.params, c.dealings, []))
  const shares = keyShares(c, result, [1, 2, 3])
  const context = {
    campaignId: CAMPAIGN,
    electionKey: result.electionKey,
    paddedLength: paddedChoicesLength([1, 2, 3, 4], 1),
  }
  const choices = [
    { projectId: 3, weight: 1 },
    { projectId: 1, weight: 1 },
  ]
  const ballot = encryptedBallot(context, voter().publicKey, choices)
  assert.deepEqual(checkEncryptedChoices(ballot, context), { ok: true })
  for (const pair of [
    [0, 1],
    [1, 2],
    [2, 0],
  ]) {
    const indexed = pair.map((k) => {
      const batch = makeDecryptionShareBatch(shares[k], [ballot], 0)
      return { trustee: batch.trustee, share: batch.shares[0].share }
    })
    const opened = decryptBallot(ballot, result.electionKey, indexed, 2)
    assert.deepEqual(opened, {
      ok: true,
      choices: [
        { projectId: 1, weight: 1 },
        { projectId: 3, weight: 1 },
      ],
    })
  }
})

test('an absent trustee: the others qualify, and the absent one can still derive its share', () => {
  const c = setUp(3, 5)
  c.dealings = [1, 2, 3, 4].map((dealer) => createDealing(c.params, dealer))
  const result = ok(ceremonyResult(c.params, c.dealings, []))
  assert.deepEqual(result.qualified, [1, 2, 3, 4])
  assert.deepEqual(result.absent, [5])
  const shares = keyShares(c, result, [1, 2, 3, 4, 5])
  assertSharesInterpolate([shares[0], shares[3], shares[4]], result.electionKey)
})

test('a misbehaving dealer: complaint upheld, dealer excluded, everyone agrees on the same key', () => {
  const c = setUp(3, 5)
  c.dealings = [1, 2, 3, 4, 5].map((dealer) => createDealing(c.params, dealer))
  // Dealer 2 gives trustee 4 a share that does not match its commitments, and trustee 5 garbage.
  const bad = c.dealings[1]
  bad.shares[3] = sealShare(c.params, 2, 4, 12345n)
  bad.shares[4] = { ...bad.shares[4], box: bad.shares[4].box.map((b, i) => (i === 0 ? b ^ 1 : b)) }
  assert.deepEqual(openShare(c.params, bad, 4, c.secrets[3]), { ok: false, reason: 'inconsistent' })
  assert.deepEqual(openShare(c.params, bad, 5, c.secrets[4]), {
    ok: false,
    reason: 'undecryptable',
  })
  assert.equal(openShare(c.params, bad, 1, c.secrets[0]).ok, true)

  const complaint = roundTrip(
    encodeComplaint,
    decodeComplaint,
    makeComplaint(c.params, bad, 4, c.secrets[3])
  )
  assert.equal(judgeComplaint(c.params, bad, complaint), 'dealer_at_fault')
  assert.equal(
    judgeComplaint(c.params, bad, makeComplaint(c.params, bad, 5, c.secrets[4])),
    'dealer_at_fault'
  )
  // An unfounded complaint against an honest dealer changes nothing.
  const unfounded = makeComplaint(c.params, c.dealings[0], 3, c.secrets[2])
  assert.equal(judgeComplaint(c.params, c.dealings[0], unfounded), 'unfounded')
  // A forged complaint (someone else's secret, a made-up point, another dealer) is ignored.
  const forged = makeComplaint(c.params, c.dealings[2], 1, c.secrets[1])
  assert.equal(judgeComplaint(c.params, c.dealings[2], forged), 'invalid_complaint')
  const madeUp = {
    ...makeComplaint(c.params, c.dealings[2], 1, c.secrets[0]),
    sharedPoint: baseMul(5n),
  }
  assert.equal(judgeComplaint(c.params, c.dealings[2], madeUp), 'invalid_complaint')
  assert.equal(judgeComplaint(c.params, c.dealings[2], complaint), 'invalid_complaint')

  const records = [complaint, unfounded, forged, madeUp]
  const result = ok(ceremonyResult(c.params, c.dealings, records))
  assert.deepEqual(result.qualified, [1, 3, 4, 5])
  assert.deepEqual(result.excluded, [{ dealer: 2, reason: 'complaint_upheld', complainer: 4 }])
  const reordered = ok(ceremonyResult(c.params, [...c.dealings].reverse(), [...records].reverse()))
  assert.ok(reordered.electionKey.equals(result.electionKey))
  const expectedKey = [1, 3, 4, 5].reduce(
    (s, d) => s.add(c.dealings[d - 1].commitments[0]),
    RistrettoPoint.ZERO
  )
  assert.ok(result.electionKey.equals(expectedKey))
  // Every trustee, trustees 4 and 5 included, derives a share consistent with the public result.
  const shares = keyShares(c, result, [1, 2, 3, 4, 5])
  assertSharesInterpolate([shares[1], shares[3], shares[4]], result.electionKey)
  assertSharesInterpolate([shares[0], shares[2], shares[3]], result.electionKey)
  // Without the complaint dealer 2 would count, and trustee 4 could not derive its share.
  const uncontested = ok(ceremonyResult(c.params, c.dealings, []))
  assert.deepEqual(trusteeSecretShare(c.params, uncontested, c.dealings, 4, c.secrets[3]), {
    ok: false,
    reason: 'bad_share',
    dealer: 2,
  })
})

test('3-of-5 with one trustee absent and one misbehaving: ballots still open with exactly 3', () => {
  const c = setUp(3, 5)
  c.dealings = [1, 2, 3, 4].map((dealer) => createDealing(c.params, dealer))
  c.dealings[1].shares[0] = sealShare(c.params, 2, 1, 7n)
  assert.equal(openShare(c.params, c.dealings[1], 1, c.secrets[0]).ok, false)
  const complaint = makeComplaint(c.params, c.dealings[1], 1, c.secrets[0])
  const result = ok(ceremonyResult(c.params, c.dealings, [complaint]))
  assert.deepEqual(result.qualified, [1, 3, 4])
  assert.deepEqual(result.absent, [5])
  assert.deepEqual(result.excluded, [{ dealer: 2, reason: 'complaint_upheld', complainer: 1 }])
  const shares = keyShares(c, result, [1, 2, 3, 4, 5])
  const context = {
    campaignId: CAMPAIGN,
    electionKey: result.electionKey,
    paddedLength: paddedChoicesLength([10, 20, 30], 3),
  }
  const choices = [
    { projectId: 10, weight: 2 },
    { projectId: 30, weight: 1 },
  ]
  const ballot = encryptedBallot(context, voter().publicKey, choices)
  // The excluded dealer and the absent trustee still hold valid key shares and may decrypt.
  for (const trio of [
    [1, 2, 5],
    [3, 4, 5],
    [1, 3, 4],
  ]) {
    const indexed = trio.map((index) => {
      const batch = makeDecryptionShareBatch(shares[index - 1], [ballot], 0)
      const verdict = verifyDecryptionShareBatch(batch, result.publicShares[index - 1], [
        ballot.encrypted.ephemeral,
      ])
      assert.deepEqual(verdict, { ok: true })
      return { trustee: index, share: batch.shares[0].share }
    })
    assert.deepEqual(decryptBallot(ballot, result.electionKey, indexed, 3), { ok: true, choices })
    assert.deepEqual(decryptBallot(ballot, result.electionKey, indexed.slice(0, 2), 3), {
      ok: false,
      reason: 'not_enough_shares',
    })
  }
})

test('malformed dealings and equivocation exclude the dealer; too few qualified fails', () => {
  const c = setUp(2, 3)
  c.dealings = [1, 2, 3].map((dealer) => createDealing(c.params, dealer))
  const [d1, d2, d3] = c.dealings
  const badProof = { ...d1, proof: d3.proof }
  const wrongThreshold = createDealing({ ...c.params, threshold: 3 }, 2)
  const second3 = createDealing(c.params, 3)
  const result = ceremonyResult(c.params, [badProof, wrongThreshold, d3, second3, d3], [])
  assert.equal(result.ok, false)
  assert.deepEqual(result.excluded, [
    { dealer: 1, reason: 'invalid_dealing' },
    { dealer: 2, reason: 'invalid_dealing' },
    { dealer: 3, reason: 'equivocation' },
  ])
  assert.equal((result as { reason: string }).reason, 'too_few_qualified')
  // The same dealing twice is not equivocation; a dealing of another campaign is ignored.
  const other = setUp(2, 3, CAMPAIGN + 1)
  const foreign = createDealing({ ...other.params, trusteeKeys: c.params.trusteeKeys }, 1)
  const fine = ok(ceremonyResult(c.params, [d2, d2, d3, foreign], []))
  assert.deepEqual(fine.qualified, [2, 3])
  assert.deepEqual(fine.absent, [1])
})

/* ------------------------------------------------------------------------------- encrypted ballots */

function encryptionSetup() {
  const c = setUp(2, 3)
  c.dealings = [1, 2, 3].map((dealer) => createDealing(c.params, dealer))
  const result = ok(ceremonyResult(c.params, c.dealings, []))
  const context: EncryptionContext = {
    campaignId: CAMPAIGN,
    electionKey: result.electionKey,
    paddedLength: paddedChoicesLength([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 300], 10),
  }
  return { c, result, context, shares: keyShares(c, result, [1, 2, 3]) }
}

test('a signed, credentialed v2 ballot passes checkEncryptedBallot; a copied ciphertext is refused', () => {
  const { context } = encryptionSetup()
  const registrar = generateRegistrarKey()
  const signed = (
    v: ReturnType<typeof voter>,
    encrypted = encryptChoices(context, v.publicKey, [])
  ) => {
    const blinded = encodeG2(hashToG2(credentialMessage(CAMPAIGN, v.publicKey)))
    const credential = signBlinded(registrar.secretKey, blinded)
    const bytes = encodeEncryptedBallot({
      campaignId: CAMPAIGN,
      encrypted,
      voterKey: v.publicKey,
      credential: hexToBytes(credential),
    })
    return { bytes, signature: signBallot(v.secretKey, bytes) }
  }
  const alice = voter()
  const mallory = voter()
  const original = encryptChoices(context, alice.publicKey, [{ projectId: 2, weight: 1 }])
  const a = signed(alice, original)
  const check = checkEncryptedBallot(a.bytes, a.signature, registrar.publicKey, context)
  assert.equal(check.ok, true, check.ok ? '' : check.message)
  // Mallory copies Alice's encrypted choices into her own (validly signed, credentialed) ballot.
  const copy = signed(mallory, original)
  const refused = checkEncryptedBallot(copy.bytes, copy.signature, registrar.publicKey, context)
  assert.equal(refused.ok, false)
  assert.equal((refused as { reason: string }).reason, 'invalid_proof')
  // Another campaign's election key or id, a wrong signature, a wrong registrar.
  const other = { ...context, electionKey: baseMul(99n) }
  const wrongKey = checkEncryptedBallot(a.bytes, a.signature, registrar.publicKey, other)
  assert.equal((wrongKey as { reason: string }).reason, 'invalid_proof')
  const wrongCampaign = { ...context, campaignId: CAMPAIGN + 1 }
  const wrongId = checkEncryptedBallot(a.bytes, a.signature, registrar.publicKey, wrongCampaign)
  assert.equal((wrongId as { reason: string }).reason, 'wrong_campaign')
  const badSig = checkEncryptedBallot(a.bytes, copy.signature, registrar.publicKey, context)
  assert.equal((badSig as { reason: string }).reason, 'invalid_signature')
  const otherRegistrar = generateRegistrarKey().publicKey
  const badCred = checkEncryptedBallot(a.bytes, a.signature, otherRegistrar, context)
  assert.equal((badCred as { reason: string }).reason, 'invalid_credential')
  const junk = checkEncryptedBallot(
    new Uint8Array([1, 2, 3]),
    a.signature,
    registrar.publicKey,
    context
  )
  assert.equal((junk as { reason: string }).reason, 'malformed_ballot')
})

test('ballot proofs verify in a batch; a bad one in the batch is found by index', () => {
  const { context } = encryptionSetup()
  const ballots = Array.from({ length: 6 }, (_, k) =>
    encryptedBallot(context, voter().publicKey, [{ projectId: k + 1, weight: 1 }])
  )
  assert.deepEqual(checkEncryptedChoicesBatch(ballots, context), [])
  assert.deepEqual(checkEncryptedChoicesBatch([], context), [])
  const copied = { ...ballots[1], voterKey: voter().publicKey }
  const short = {
    ...ballots[4],
    encrypted: { ...ballots[4].encrypted, ciphertext: ballots[4].encrypted.ciphertext.slice(1) },
  }
  const otherCampaign = { ...ballots[5], campaignId: CAMPAIGN + 1 }
  const mixed = [ballots[0], copied, ballots[2], ballots[3], short, otherCampaign]
  assert.deepEqual(checkEncryptedChoicesBatch(mixed, context), [
    { index: 1, reason: 'invalid_proof' },
    { index: 4, reason: 'wrong_length' },
    { index: 5, reason: 'wrong_campaign' },
  ])
  // Two proofs swapped between ballots: each fails alone, so the batch must fail too.
  const swapped = [
    { ...ballots[0], encrypted: { ...ballots[0].encrypted, proof: ballots[2].encrypted.proof } },
    { ...ballots[2], encrypted: { ...ballots[2].encrypted, proof: ballots[0].encrypted.proof } },
  ]
  assert.deepEqual(
    checkEncryptedChoicesBatch(swapped, context).map((f) => f.index),
    [0, 1]
  )
})

test('tampered ciphertext, proof or ephemeral is refused; decryption of a tampered box fails', () => {
  const { context, result, shares } = encryptionSetup()
  const v = voter()
  const ballot = encryptedBallot(context, v.publicKey, [{ projectId: 5, weight: 3 }])
  const flip = (bytes: Uint8Array, at: number) => bytes.map((b, i) => (i === at ? b ^ 0x80 : b))
  const { ciphertext, proof, ephemeral } = ballot.encrypted
  const variants: EncryptedBallot[] = [
    { ...ballot, encrypted: { ...ballot.encrypted, ciphertext: flip(ciphertext, 10) } },
    { ...ballot, encrypted: { ...ballot.encrypted, proof: flip(proof, 3) } },
    { ...ballot, encrypted: { ...ballot.encrypted, proof: flip(proof, 40) } },
    { ...ballot, encrypted: { ...ballot.encrypted, ephemeral: ephemeral.add(baseMul(1n)) } },
    { ...ballot, voterKey: voter().publicKey },
  ]
  for (const variant of variants) {
    assert.deepEqual(checkEncryptedChoices(variant, context), {
      ok: false,
      reason: 'invalid_proof',
    })
  }
  const short = { ...ballot, encrypted: { ...ballot.encrypted, ciphertext: ciphertext.slice(1) } }
  assert.deepEqual(checkEncryptedChoices(short, context), { ok: false, reason: 'wrong_length' })
  // Even if a tampered ballot reached the trustees, the AEAD refuses to open it.
  const tampered = variants[0]
  const indexed = shares.slice(0, 2).map((s) => ({
    trustee: s.trustee,
    share: makeDecryptionShareBatch(s, [tampered], 0).shares[0].share,
  }))
  assert.deepEqual(decryptBallot(tampered, result.electionKey, indexed, 2), {
    ok: false,
    reason: 'undecryptable',
  })
  const moved = { ...ballot, voterKey: voter().publicKey }
  const movedShares = shares.slice(0, 2).map((s) => ({
    trustee: s.trustee,
    share: makeDecryptionShareBatch(s, [moved], 0).shares[0].share,
  }))
  assert.equal(decryptBallot(moved, result.electionKey, movedShares, 2).ok, false)
})

test('padding hides how many projects were chosen', () => {
  const { context } = encryptionSetup()
  const v = voter()
  const few = encryptedBallot(context, v.publicKey, [{ projectId: 1, weight: 1 }])
  const many = encryptedBallot(
    context,
    v.publicKey,
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 300].map((projectId) => ({ projectId, weight: 10 }))
  )
  const none = encryptedBallot(context, v.publicKey, [])
  const lengths = [few, many, none].map((b) => encodeEncryptedBallot(b).length)
  assert.equal(new Set(lengths).size, 1)
  assert.equal(few.encrypted.ciphertext.length, context.paddedLength + 16)
  assert.equal(many.encrypted.ciphertext.length, context.paddedLength + 16)
  // The worst case fits exactly (no zero byte left); one more project does not.
  const worst = padChoices(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 300].map((projectId) => ({ projectId, weight: 10 })),
    context.paddedLength
  )
  assert.equal((worst[0] << 8) | worst[1], context.paddedLength - 2)
  assert.throws(() =>
    encryptChoices(
      context,
      v.publicKey,
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 300, 301].map((projectId) => ({ projectId, weight: 10 }))
    )
  )
  // Strict unpadding.
  const padded = padChoices([{ projectId: 1, weight: 1 }], 16)
  assert.deepEqual(unpadChoices(padded), { ok: true, choices: [{ projectId: 1, weight: 1 }] })
  const dirty = padded.slice()
  dirty[15] = 1
  assert.deepEqual(unpadChoices(dirty), { ok: false, reason: 'bad_padding' })
  const long = padded.slice()
  long[1] = 15
  assert.deepEqual(unpadChoices(long), { ok: false, reason: 'bad_padding' })
  const unsorted = new Uint8Array(16)
  const body = cborEncode([
    [2, 1],
    [1, 1],
  ])
  unsorted[1] = body.length
  unsorted.set(body, 2)
  assert.deepEqual(unpadChoices(unsorted), { ok: false, reason: 'bad_choices' })
})

/* ----------------------------------------------------------------------------------- decryption */

function decryptionSetup(count: number) {
  const setup = encryptionSetup()
  const choices = Array.from({ length: count }, (_, k) => [
    { projectId: (k % 10) + 1, weight: (k % 3) + 1 },
  ])
  const ballots = choices.map((ch) => encryptedBallot(setup.context, voter().publicKey, ch))
  return { ...setup, ballots, choices }
}

test('decryption with exactly t shares; t − 1 shares fail', () => {
  const { ballots, choices, result, shares } = decryptionSetup(6)
  const batches = [shares[0], shares[2]].map((s) =>
    roundTrip(
      encodeDecryptionShareBatch,
      decodeDecryptionShareBatch,
      makeDecryptionShareBatch(s, ballots, 10)
    )
  )
  const ephemerals = ballots.map((b) => b.encrypted.ephemeral)
  for (const [k, batch] of batches.entries()) {
    const publicShare = result.publicShares[[0, 2][k]]
    assert.deepEqual(verifyDecryptionShareBatch(batch, publicShare, ephemerals), { ok: true })
  }
  ballots.forEach((ballot, k) => {
    const indexed = batches.map((b) => ({ trustee: b.trustee, share: b.shares[k].share }))
    assert.deepEqual(decryptBallot(ballot, result.electionKey, indexed, 2), {
      ok: true,
      choices: choices[k],
    })
    // t − 1 shares: refused, and forcing the recombination with them gives a key that does not open.
    assert.deepEqual(decryptBallot(ballot, result.electionKey, indexed.slice(0, 1), 2), {
      ok: false,
      reason: 'not_enough_shares',
    })
    assert.deepEqual(decryptBallot(ballot, result.electionKey, indexed.slice(0, 1), 1), {
      ok: false,
      reason: 'undecryptable',
    })
    // The same trustee twice is still t − 1.
    assert.equal(combineDecryptionShares([indexed[0], indexed[0]], 2), null)
  })
})

test('a wrong decryption share is detected and attributed; the other trustees suffice', () => {
  const { ballots, choices, result, shares } = decryptionSetup(5)
  const ephemerals = ballots.map((b) => b.encrypted.ephemeral)
  const honest1 = makeDecryptionShareBatch(shares[0], ballots, 0)
  const honest3 = makeDecryptionShareBatch(shares[2], ballots, 0)
  const cheat = makeDecryptionShareBatch(shares[1], ballots, 100)
  // Trustee 2 replaces its share for the ballot at position 102 by another valid point.
  const forged = concatBytes(baseMul(7n).toBytes(), cheat.shares[2].bytes.subarray(32))
  cheat.shares[2] = parseDecryptionShare(forged)
  const decoded = decodeDecryptionShareBatch(encodeDecryptionShareBatch(cheat))
  assert.equal(decoded.ok, true)
  const verdict = verifyDecryptionShareBatch(
    (decoded as { value: DecryptionShareBatch }).value,
    result.publicShares[1],
    ephemerals
  )
  assert.deepEqual(verdict, { ok: false, reason: 'invalid_shares', trustee: 2, invalid: [102] })
  // A trustee using a key share that is not its published one: every share is named.
  const impostor = makeDecryptionShareBatch({ ...shares[1], keyShare: 12345n }, ballots, 0)
  const all = verifyDecryptionShareBatch(impostor, result.publicShares[1], ephemerals)
  assert.deepEqual(all, {
    ok: false,
    reason: 'invalid_shares',
    trustee: 2,
    invalid: [0, 1, 2, 3, 4],
  })
  // Shares checked against another trustee's public share, or other ballots, fail too.
  assert.equal(verifyDecryptionShareBatch(honest1, result.publicShares[2], ephemerals).ok, false)
  assert.equal(
    verifyDecryptionShareBatch(honest1, result.publicShares[0], [...ephemerals].reverse()).ok,
    false
  )
  assert.deepEqual(
    verifyDecryptionShareBatch(honest1, result.publicShares[0], ephemerals.slice(1)),
    { ok: false, reason: 'wrong_count', invalid: [] }
  )
  // The honest trustees 1 and 3 decrypt every ballot.
  ballots.forEach((ballot, k) => {
    const indexed = [honest1, honest3].map((b) => ({
      trustee: b.trustee,
      share: b.shares[k].share,
    }))
    assert.deepEqual(decryptBallot(ballot, result.electionKey, indexed, 2), {
      ok: true,
      choices: choices[k],
    })
  })
})

/* -------------------------------------------------------------------------------------- decoders */

function assertNeverThrows(decode: (b: Uint8Array) => Decoded<unknown>, valid: Uint8Array) {
  const inputs: Uint8Array[] = [new Uint8Array(0), new Uint8Array([0xff]), new Uint8Array(64)]
  for (let i = 0; i < 40; i++) inputs.push(crypto.getRandomValues(new Uint8Array(1 + i * 7)))
  for (let cut = 0; cut < valid.length; cut += Math.max(1, valid.length >> 5)) {
    inputs.push(valid.subarray(0, cut))
  }
  for (let i = 0; i < 200; i++) {
    const mutated = valid.slice()
    mutated[Math.floor(Math.random() * mutated.length)] ^= 1 << Math.floor(Math.random() * 8)
    inputs.push(mutated)
  }
  inputs.push(concatBytes(valid, new Uint8Array([0])))
  for (const input of inputs) {
    const decoded = decode(input)
    if (!decoded.ok) assert.equal(typeof decoded.error.code, 'string')
  }
  assert.equal(decode('junk' as unknown as Uint8Array).ok, false)
  assert.equal(decode(concatBytes(valid, new Uint8Array([0]))).ok, false)
}

function errorCode(decoded: Decoded<unknown>): string {
  assert.equal(decoded.ok, false)
  return (decoded as { error: { code: string } }).error.code
}

test('decoders never throw on junk and refuse non-canonical points, scalars and versions', () => {
  const { c, context, shares, result } = encryptionSetup()
  const v = voter()
  const ballot = encryptedBallot(context, v.publicKey, [{ projectId: 1, weight: 1 }])
  const ballotBytes = encodeEncryptedBallot(ballot)
  const dealingBytes = encodeDealing(c.dealings[0])
  const complaintBytes = encodeComplaint(makeComplaint(c.params, c.dealings[0], 2, c.secrets[1]))
  const keyBytes = encodeTrusteeKey(generateTrusteeKey(CAMPAIGN, 1).record)
  const batchBytes = encodeDecryptionShareBatch(makeDecryptionShareBatch(shares[0], [ballot], 0))
  assertNeverThrows(decodeEncryptedBallot, ballotBytes)
  assertNeverThrows(decodeDealing, dealingBytes)
  assertNeverThrows(decodeComplaint, complaintBytes)
  assertNeverThrows(decodeTrusteeKey, keyBytes)
  assertNeverThrows(decodeDecryptionShareBatch, batchBytes)

  const R = ballot.encrypted.ephemeral.toBytes()
  const withR = (point: Uint8Array, proof = ballot.encrypted.proof, version = 2) =>
    cborEncode([
      version,
      CAMPAIGN,
      [point, ballot.encrypted.ciphertext, proof],
      v.publicKey,
      ballot.credential,
    ])
  assert.deepEqual(withR(R), ballotBytes)
  assert.equal(errorCode(decodeEncryptedBallot(withR(new Uint8Array(32)))), 'identity_point')
  assert.equal(errorCode(decodeEncryptedBallot(withR(new Uint8Array(32).fill(0xff)))), 'bad_point')
  // 2^255 − 18: a non-canonical field element (the encoding must be < p and "non-negative").
  const nonCanonical = new Uint8Array(32).fill(0xff)
  nonCanonical[0] = 0xed
  nonCanonical[31] = 0x7f
  assert.equal(errorCode(decodeEncryptedBallot(withR(nonCanonical))), 'bad_point')
  assert.equal(errorCode(decodeEncryptedBallot(withR(R.subarray(1)))), 'malformed')
  const bigS = concatBytes(ballot.encrypted.proof.subarray(0, 32), new Uint8Array(32).fill(0xff))
  // The complaint's compact proof: c ≥ L.
  const complaintValue = cborDecode(complaintBytes) as CborValue[]
  complaintValue[5] = concatBytes(
    new Uint8Array(32).fill(0xff),
    (complaintValue[5] as Uint8Array).subarray(32)
  )
  assert.equal(errorCode(decodeComplaint(cborEncode(complaintValue))), 'bad_scalar')
  assert.equal(errorCode(decodeEncryptedBallot(withR(R, bigS))), 'bad_scalar')
  // s + L: the same response mod L in a second byte form (s + L < 2^254 always fits).
  const s0 = bytesToNumberLE(ballot.encrypted.proof.subarray(32))
  const aliased = concatBytes(
    ballot.encrypted.proof.subarray(0, 32),
    numberToBytesLE(s0 + RistrettoPoint.Fn.ORDER, 32)
  )
  assert.equal(errorCode(decodeEncryptedBallot(withR(R, aliased))), 'bad_scalar')
  const identityA = concatBytes(new Uint8Array(32), ballot.encrypted.proof.subarray(32))
  assert.equal(errorCode(decodeEncryptedBallot(withR(R, identityA))), 'identity_point')
  assert.equal(errorCode(decodeEncryptedBallot(withR(R, undefined, 1))), 'bad_version')
  assert.equal(errorCode(decodeEncryptedBallot(new Uint8Array(70_000))), 'too_large')
  // A v1 ballot is not a v2 ballot.
  const v1 = cborEncode([1, CAMPAIGN, [[1, 1]], v.publicKey, ballot.credential])
  assert.equal(errorCode(decodeEncryptedBallot(v1)), 'bad_version')
  // Trustee index 0 and more shares than trustees are malformed.
  const share = makeDecryptionShareBatch(shares[0], [ballot], 0).shares[0].bytes
  assert.equal(
    errorCode(decodeDecryptionShareBatch(cborEncode([1, CAMPAIGN, 0, 0, [share]]))),
    'malformed'
  )
  assert.equal(
    errorCode(decodeDecryptionShareBatch(cborEncode([1, CAMPAIGN, 1, 0, []]))),
    'malformed'
  )
  assert.equal(
    errorCode(decodeDealing(cborEncode([1, CAMPAIGN, 1, [], c.dealings[0].proof, []]))),
    'malformed'
  )
  assert.equal(result.ok, true)
})
