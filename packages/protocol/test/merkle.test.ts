import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import {
  auditPath,
  leafHash,
  merkleRoot,
  verifyInclusion as verifyLeafHash,
} from '../src/merkle.js'
import { bytesToHex as toHex } from '../src/bytes.js'

// The replicas' former argument order: raw leaf first.
const verifyInclusion = (
  leaf: Uint8Array,
  index: number,
  n: number,
  proof: readonly Uint8Array[],
  root: Uint8Array
) => verifyLeafHash(index, n, leafHash(leaf), proof, root)
const inclusionProof = (leaves: readonly Uint8Array[], index: number) => auditPath(index, leaves)

// Independent reference (node:crypto) for hand-written tree shapes.
const H = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}
const L = (d: Uint8Array): Uint8Array => H(new Uint8Array([0]), d)
const N = (l: Uint8Array, r: Uint8Array): Uint8Array => H(new Uint8Array([1]), l, r)
const leaves = (n: number): Uint8Array[] =>
  Array.from({ length: n }, (_, i) => new TextEncoder().encode(`tx-${i}`))

test('empty tree head is H("")', () => {
  assert.equal(
    toHex(merkleRoot([])),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
  )
})

test('hand-computed roots for n = 1, 2, 3, 5, 7, 8', () => {
  const d = leaves(8).map(L)
  const [a, b, c, e, f, g, h, i] = d as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ]
  const expect: Record<number, Uint8Array> = {
    1: a,
    2: N(a, b),
    3: N(N(a, b), c),
    5: N(N(N(a, b), N(c, e)), f),
    7: N(N(N(a, b), N(c, e)), N(N(f, g), h)),
    8: N(N(N(a, b), N(c, e)), N(N(f, g), N(h, i))),
  }
  for (const [n, root] of Object.entries(expect)) {
    assert.equal(toHex(merkleRoot(leaves(Number(n)))), toHex(root), `n = ${n}`)
  }
  assert.equal(toHex(leafHash(leaves(1)[0]!)), toHex(a))
})

test('hand-computed audit paths (RFC 9162 §2.1.3.1)', () => {
  const d = leaves(7).map(L)
  const [a, b, c, e, f, g, h] = d as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ]
  // n = 7, leaf 0: siblings b, N(c,e), N(N(f,g),h)
  assert.deepEqual(inclusionProof(leaves(7), 0).map(toHex), [b, N(c, e), N(N(f, g), h)].map(toHex))
  // n = 7, leaf 6: sibling N(f,g), then the left subtree of 4
  assert.deepEqual(
    inclusionProof(leaves(7), 6).map(toHex),
    [N(f, g), N(N(a, b), N(c, e))].map(toHex)
  )
  // n = 3, leaf 2: sibling N(a,b)
  assert.deepEqual(inclusionProof(leaves(3), 2).map(toHex), [N(a, b)].map(toHex))
  // n = 1: empty path
  assert.deepEqual(inclusionProof(leaves(1), 0), [])
  // n = 5, leaf 4: sibling = root of first 4
  assert.deepEqual(inclusionProof(leaves(5), 4).map(toHex), [N(N(a, b), N(c, e))].map(toHex))
})

test('every proof verifies for n = 1..20 and fails when tampered', () => {
  for (let n = 1; n <= 20; n++) {
    const ls = leaves(n)
    const root = merkleRoot(ls)
    for (let i = 0; i < n; i++) {
      const proof = inclusionProof(ls, i)
      assert.ok(verifyInclusion(ls[i]!, i, n, proof, root), `n=${n} i=${i}`)
      assert.ok(!verifyInclusion(new TextEncoder().encode('other'), i, n, proof, root))
      if (n > 1) {
        assert.ok(
          !verifyInclusion(ls[i]!, (i + 1) % n, n, proof, root),
          `wrong index n=${n} i=${i}`
        )
        const bad = proof.map((p) => p.slice())
        bad[0]![0]! ^= 1
        assert.ok(!verifyInclusion(ls[i]!, i, n, bad, root))
        assert.ok(!verifyInclusion(ls[i]!, i, n, proof.slice(0, -1), root))
      }
      assert.ok(!verifyInclusion(ls[i]!, i, n, [...proof, root], root))
    }
  }
  assert.ok(!verifyInclusion(leaves(1)[0]!, 1, 1, [], merkleRoot(leaves(1))))
  assert.ok(!verifyInclusion(leaves(1)[0]!, -1, 1, [], merkleRoot(leaves(1))))
})
