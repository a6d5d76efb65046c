/**
 * The trustee's side of the ceremony (trustee.ts): sealed key files (a wrong passphrase, a tampered
 * or foreign file refused), and a 2-of-3 ceremony run with the page's and the CLI's functions where
 * one dealer gives a trustee a bad share: the review complains, the dealer is excluded and every
 * remaining trustee's key share matches the public share.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bytesToHex } from '../src/bytes.js'
import {
  createDealing,
  decodeTrusteeKey,
  encodeDealing,
  sealShare,
  verifyTrusteeKey,
  type CeremonyParams,
} from '../src/dkg.js'
import { baseMul } from '../src/ristretto.js'
import {
  ceremonyOutcome,
  ceremonyState,
  complaintHex,
  makeDealing,
  makeTrusteeKey,
  myKeyShare,
  parseKeyFile,
  reviewDealings,
  TrusteeKeyFileError,
  unlockKeyFile,
} from '../src/trustee.js'

const FAST_KDF = { N: 2 ** 10, r: 8, p: 1 }
const PASS = 'correct horse battery'

test('a key file opens with its passphrase only and round-trips through JSON', async () => {
  const key = await makeTrusteeKey(7, 2, PASS, { kdf: FAST_KDF })
  const decoded = decodeTrusteeKey(key.record)
  assert.ok(decoded.ok)
  assert.equal(decoded.value.index, 2)
  assert.equal(decoded.value.campaignId, 7)
  assert.ok(verifyTrusteeKey(decoded.value))
  assert.equal(key.file.ceremonyKey, bytesToHex(decoded.value.ceremonyKey.toBytes()))

  const file = parseKeyFile(JSON.stringify(key.file))
  assert.equal(await unlockKeyFile(file, PASS), key.secret)
  await assert.rejects(unlockKeyFile(file, 'not the passphrase'), (error) => {
    assert.ok(error instanceof TrusteeKeyFileError)
    assert.equal(error.code, 'wrong_passphrase')
    return true
  })
})

test('a key file moved to another trustee or campaign does not open', async () => {
  const key = await makeTrusteeKey(7, 2, PASS, { kdf: FAST_KDF })
  for (const changed of [
    { ...key.file, index: 3 },
    { ...key.file, campaignId: 8 },
  ]) {
    await assert.rejects(unlockKeyFile(changed, PASS), { code: 'wrong_passphrase' })
  }
})

test('short passphrases and malformed files are refused with a code', async () => {
  await assert.rejects(makeTrusteeKey(7, 1, 'short', { kdf: FAST_KDF }), {
    code: 'short_passphrase',
  })
  const key = await makeTrusteeKey(7, 1, PASS, { kdf: FAST_KDF })
  for (const junk of [
    'not json',
    '{}',
    JSON.stringify({ ...key.file, v: 2 }),
    JSON.stringify({ ...key.file, index: 0 }),
    JSON.stringify({ ...key.file, ceremonyKey: '00'.repeat(32) }),
    JSON.stringify({ ...key.file, kdf: { ...key.file.kdf, N: 1000 } }),
    JSON.stringify({ ...key.file, ciphertext: 'zz' }),
  ]) {
    assert.throws(() => parseKeyFile(junk), { code: 'malformed' })
  }
})

test('a 2-of-3 ceremony with a misbehaving dealer: complaint, exclusion, matching key shares', async () => {
  const campaignId = 42
  const keys = []
  for (const index of [1, 2, 3]) {
    keys.push(await makeTrusteeKey(campaignId, index, PASS, { kdf: FAST_KDF }))
  }
  const view = {
    campaignId,
    threshold: 2,
    trustees: 3,
    keys: keys.map((k) => bytesToHex(k.record)),
    dealings: [] as string[],
    complaints: [] as string[],
  }
  const params = ceremonyState(view).params as CeremonyParams
  assert.ok(params)
  assert.equal(ceremonyState({ ...view, keys: [view.keys[0], null, view.keys[2]] }).params, null)

  // Dealers 1 and 2 are honest; dealer 3's box for trustee 1 holds a share off its polynomial.
  const bad = createDealing(params, 3)
  bad.shares[0] = sealShare(params, 3, 1, 12345n)
  view.dealings = [
    bytesToHex(makeDealing(params, 1)),
    bytesToHex(makeDealing(params, 2)),
    bytesToHex(encodeDealing(bad)),
  ]
  const { dealings } = ceremonyState(view)

  const byTrustee = keys.map((k, i) => reviewDealings(params, dealings, i + 1, k.secret))
  assert.deepEqual(
    byTrustee.map((list) => list.map((c) => [c.complainer, c.dealer])),
    [[[1, 3]], [], []]
  )
  view.complaints = byTrustee.flat().map(complaintHex)

  const result = ceremonyOutcome(ceremonyState(view))
  assert.ok(result && result.ok)
  assert.deepEqual(result.qualified, [1, 2])
  assert.deepEqual(result.excluded, [{ dealer: 3, reason: 'complaint_upheld', complainer: 1 }])
  for (const [i, key] of keys.entries()) {
    const share = myKeyShare(params, result, dealings, i + 1, key.secret)
    assert.ok(share.ok, `trustee ${i + 1}`)
    assert.ok(baseMul(share.share).equals(result.publicShares[i]))
  }
})
