/**
 * The package against its golden vectors (test/vectors/*.json): every byte string, hash, signature,
 * receipt verdict and refusal the vectors pin must come out of the code unchanged. The checks live in
 * `vector_checks.ts`, which the browser suite also runs in chromium (tests/browser/protocol_vectors.spec.ts).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkVectors, VECTOR_NAMES, type VectorFiles } from './vector_checks.js'

const vectors = Object.fromEntries(
  VECTOR_NAMES.map((name) => [
    name,
    JSON.parse(
      readFileSync(
        fileURLToPath(new URL(`../../test/vectors/${name}.json`, import.meta.url)),
        'utf8'
      )
    ),
  ])
) as VectorFiles

const results = checkVectors(vectors)

for (const name of VECTOR_NAMES) {
  test(`${name}.json: every entry passes`, () => {
    assert.deepEqual(results[name].failures, [])
    assert.ok(results[name].checked > 0)
  })
}

test('the isomorphic sources import nothing from node:', () => {
  const src = fileURLToPath(new URL('../../src/', import.meta.url))
  for (const name of [
    'bytes',
    'cbor',
    'hash',
    'bls',
    'credential',
    'ballot',
    'merkle',
    'block',
    'receipt',
    'rules',
    'tx',
    'tx_decode',
    'limits',
    'tags',
    'errors',
    'genesis_fingerprint',
    'rejections',
    'pb',
    'ristretto',
    'decoded',
    'dkg',
    'encrypted_ballot',
    'decryption',
    'index',
  ]) {
    const text = readFileSync(`${src}${name}.ts`, 'utf8')
    assert.doesNotMatch(text, /from '(node:|fs|crypto|path)/, name)
    assert.doesNotMatch(text, /\bBuffer\./, name)
  }
})
