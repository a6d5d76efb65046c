/**
 * The trustee's side of the ceremony (trustee.ts): sealed key files (a wrong passphrase, a tampered
 * or foreign file refused), and a 2-of-3 ceremony run with the page's and the CLI's functions where
 * one dealer gives a trustee a bad share: the review complains, the dealer is excluded and every
 * remaining trustee's key share matches the public share. And the decryption step: ballots fetched
 * page by page, canonical share batches that verify and decrypt, reruns that skip what is on record,
 * and nothing shared when one ballot's proof fails.
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
import {
  decodeDecryptionShareBatch,
  decryptBallot,
  verifyDecryptionShareBatch,
} from '../src/decryption.js'
import {
  encodeEncryptedBallot,
  encryptChoices,
  type EncryptedBallot,
} from '../src/encrypted_ballot.js'
import { baseMul } from '../src/ristretto.js'
import {
  ceremonyOutcome,
  ceremonyState,
  complaintHex,
  decryptionBatches,
  decryptionKey,
  DecryptionRefusal,
  fetchEncryptedBallots,
  makeDealing,
  makeTrusteeKey,
  myKeyShare,
  parseKeyFile,
  reviewDealings,
  sealKeyFile,
  TrusteeKeyFileError,
  unlockKeyFile,
  type DecryptionStep,
  type TrusteeBallotsPage,
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

test('a sealed secret opens to itself', async () => {
  const key = await makeTrusteeKey(7, 1, PASS, { kdf: FAST_KDF })
  const resealed = await sealKeyFile(7, 1, key.secret, 'another long passphrase', { kdf: FAST_KDF })
  assert.equal(resealed.ceremonyKey, key.file.ceremonyKey)
  assert.equal(await unlockKeyFile(resealed, 'another long passphrase'), key.secret)
})

/* ------------------------------------------------------------------------------- decryption */

async function completedCeremony(campaignId: number) {
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
    paddedLength: 16,
  }
  const params = ceremonyState(view).params as CeremonyParams
  view.dealings = [1, 2, 3].map((i) => bytesToHex(makeDealing(params, i)))
  return { keys, view: (index: number) => ({ ...view, index }) }
}

function ballotsFor(campaignId: number, electionKey: CeremonyParams['trusteeKeys'][0], n: number) {
  const context = { campaignId, electionKey, paddedLength: 16 }
  return Array.from({ length: n }, (_, v): EncryptedBallot => {
    const voterKey = new Uint8Array(32).fill(v % 256)
    voterKey[0] = v >> 8
    const choices = [{ projectId: 1 + (v % 3), weight: 1 }]
    return {
      version: 2,
      campaignId,
      encrypted: encryptChoices(context, voterKey, choices),
      voterKey,
      credential: new Uint8Array(96),
    }
  })
}

function pagesOf(ballots: EncryptedBallot[], votingClosed = true) {
  const hex = ballots.map((b) => bytesToHex(encodeEncryptedBallot(b)))
  const asked: number[] = []
  const fetchPage = async (first: number): Promise<TrusteeBallotsPage> => {
    asked.push(first)
    const ballotsOnPage = hex
      .slice(first, first + 1024)
      .map((ballot, k) => ({ position: first + k, ballot }))
    return { total: hex.length, votingClosed, ballots: ballotsOnPage }
  }
  return { fetchPage, asked }
}

function batchesOf(steps: Iterable<DecryptionStep>) {
  return [...steps].filter((s) => s.kind === 'batch')
}

test('decryption: all ballots page by page, canonical batches that verify and decrypt, reruns skip', async () => {
  const campaignId = 43
  const { keys, view } = await completedCeremony(campaignId)
  const first = decryptionKey(view(1), keys[0].secret)
  const all = ballotsFor(campaignId, first.context.electionKey, 1026)

  const { fetchPage, asked } = pagesOf(all)
  const progress: number[] = []
  const fetched = await fetchEncryptedBallots(fetchPage, (n) => progress.push(n))
  assert.deepEqual(asked, [0, 1024])
  assert.deepEqual(progress, [1024, 1026])
  assert.equal(fetched.length, 1026)

  const shares = []
  for (const index of [1, 2]) {
    const { keyShare, context } = decryptionKey(view(index), keys[index - 1].secret)
    const steps = [...decryptionBatches(keyShare, fetched, context, { slice: 256 })]
    const last = steps.filter((s) => s.kind === 'shared').at(-1)
    assert.deepEqual(last, { kind: 'shared', shares: 1026, total: 1026 })
    const batches = batchesOf(steps).map((s) => {
      assert.ok(s.kind === 'batch')
      const decoded = decodeDecryptionShareBatch(s.record)
      assert.ok(decoded.ok)
      return decoded.value
    })
    assert.deepEqual(
      batches.map((b) => [b.trustee, b.first, b.shares.length]),
      [
        [index, 0, 1024],
        [index, 1024, 2],
      ]
    )
    for (const batch of batches) {
      const ephemerals = fetched
        .slice(batch.first, batch.first + batch.shares.length)
        .map((b) => b.encrypted.ephemeral)
      assert.ok(verifyDecryptionShareBatch(batch, keyShare.publicShare, ephemerals).ok)
    }
    shares.push(batches)
  }
  // Trustees 1 and 2 together open ballot 1025: its choice is project 1 + 1025 mod 3.
  const opened = decryptBallot(
    fetched[1025],
    first.context.electionKey,
    shares.map((batches, i) => ({ trustee: i + 1, share: batches[1].shares[1].share })),
    2
  )
  assert.ok(opened.ok)
  assert.deepEqual(opened.choices, [{ projectId: 1 + (1025 % 3), weight: 1 }])

  // A rerun with batch 0 on record makes only batch 1024.
  const rerun = batchesOf(
    decryptionBatches(first.keyShare, fetched, first.context, { skip: new Set([0]) })
  )
  assert.deepEqual(
    rerun.map((s) => s.kind === 'batch' && s.first),
    [1024]
  )
})

test('decryption refuses before the close, a broken list, a foreign key file and a bad proof', async () => {
  const campaignId = 44
  const { keys, view } = await completedCeremony(campaignId)
  const { keyShare, context } = decryptionKey(view(2), keys[1].secret)
  const ballots = ballotsFor(campaignId, context.electionKey, 5)

  await assert.rejects(fetchEncryptedBallots(pagesOf(ballots, false).fetchPage), {
    code: 'voting_not_closed',
  })
  const gap = async (): Promise<TrusteeBallotsPage> => ({
    total: 2,
    votingClosed: true,
    ballots: [{ position: 1, ballot: bytesToHex(encodeEncryptedBallot(ballots[1])) }],
  })
  await assert.rejects(fetchEncryptedBallots(gap), { code: 'ballot_list' })

  // Trustee 1's secret is not trustee 2's.
  assert.throws(() => decryptionKey(view(2), keys[0].secret), { code: 'no_key_share' })

  // Ballot 3 carries ballot 1's ciphertext under its own voter key: its proof fails, nothing shared.
  const copied = [...ballots]
  copied[3] = { ...ballots[3], encrypted: ballots[1].encrypted }
  const steps: DecryptionStep[] = []
  assert.throws(
    () => {
      for (const step of decryptionBatches(keyShare, copied, context)) steps.push(step)
    },
    (error) => {
      assert.ok(error instanceof DecryptionRefusal)
      assert.equal(error.code, 'bad_ballots')
      assert.deepEqual(error.positions, [3])
      return true
    }
  )
  assert.deepEqual(batchesOf(steps), [])
})
