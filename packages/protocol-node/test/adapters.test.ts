/**
 * The Node fast paths give the pure-JS verdicts on the protocol's golden vectors
 * (packages/protocol/test/vectors): they may be faster, never different.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { bytesToHex, hexToBytes, utf8 } from '@civic-budget/protocol/bytes'
import { commitMessage } from '@civic-budget/protocol/block'
import { ballotSigningMessage } from '@civic-budget/protocol/ballot'
import { sha256Hex } from '@civic-budget/protocol/hash'
import { InvalidPointError } from '@civic-budget/protocol/errors'
import { cachedNativeAggregateVerify, nativeAggregateVerify } from '../src/bls.js'
import { parseBlindedNative, signBlindedNative } from '../src/credential.js'
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from '../src/ed25519.js'
import { installNodeSha256, nodeSha256 } from '../src/sha256.js'

const require = createRequire(import.meta.url)
const vectors = (name: string) =>
  JSON.parse(readFileSync(require.resolve(`@civic-budget/protocol/vectors/${name}.json`), 'utf8'))

test('native BLS: the vectors commit certificate, and a wrong signer set', () => {
  const block = vectors('block')
  const keyOf = (i: number) => hexToBytes(block.genesis.replicas[i].publicKey)
  const message = commitMessage(block.blockHash)
  const signature = hexToBytes(block.commit.signature)
  const keys = block.commit.signers.map(keyOf)
  assert.ok(nativeAggregateVerify(message, keys, signature))
  assert.ok(cachedNativeAggregateVerify(message, keys, signature))
  assert.ok(cachedNativeAggregateVerify(message, keys, signature))
  assert.ok(!nativeAggregateVerify(message, [0, 1, 2].map(keyOf), signature))
  assert.ok(!nativeAggregateVerify(message, keys, new Uint8Array(96)))
})

test('native blind signature: the vectors credentials; the identity is refused', () => {
  const credential = vectors('credential')
  for (const c of credential.credentials) {
    assert.equal(signBlindedNative(credential.registrarSecretKey, c.blinded), c.blindSignature)
  }
  assert.throws(
    () => parseBlindedNative('c0' + '00'.repeat(95)),
    (error) => error instanceof InvalidPointError && error.code === 'identity'
  )
})

test('node:crypto Ed25519: the vectors ballot signatures', () => {
  const ballot = vectors('ballot')
  for (const b of ballot.ballots) {
    const seed = hexToBytes(b.voterSecretKey)
    const message = ballotSigningMessage(hexToBytes(b.ballotBytes))
    assert.equal(bytesToHex(ed25519PublicKey(seed)), b.input.voterKey)
    assert.equal(bytesToHex(ed25519Sign(seed, message)), b.signature)
    assert.ok(ed25519Verify(hexToBytes(b.input.voterKey), message, hexToBytes(b.signature)))
    assert.ok(!ed25519Verify(hexToBytes(b.input.voterKey), utf8('other'), hexToBytes(b.signature)))
  }
})

test('node:crypto SHA-256, also once installed for the whole package', () => {
  const bytes = vectors('bytes')
  for (const v of bytes.sha256) assert.equal(bytesToHex(nodeSha256(utf8(v.text))), v.hex)
  installNodeSha256()
  for (const v of bytes.sha256) assert.equal(sha256Hex(utf8(v.text)), v.hex)
})
