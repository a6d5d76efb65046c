import { test } from '@japa/runner'
import { createHash } from 'node:crypto'
import {
  auditPath,
  bytesToHex,
  leafHash,
  merkleRoot,
  rootFromAuditPath,
  verifyInclusion,
} from '@civic-budget/protocol'

/* Straightforward recursive RFC 9162 §2.1.1 / §2.1.3.1 definitions, independent of the library. */
const H = (...parts: Uint8Array[]) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1) // largest power of two < n
function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return H()
  if (d.length === 1) return H(new Uint8Array([0]), d[0])
  const split = k(d.length)
  return H(new Uint8Array([1]), mth(d.slice(0, split)), mth(d.slice(split)))
}
function path(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return []
  const split = k(d.length)
  return m < split
    ? [...path(m, d.slice(0, split)), mth(d.slice(split))]
    : [...path(m - split, d.slice(split)), mth(d.slice(0, split))]
}

const txs = (n: number) => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`tx-${i}`))

test.group('protocol / merkle (RFC 9162)', () => {
  test('split point helper of the reference is right', ({ assert }) => {
    assert.deepEqual([2, 3, 4, 5, 8, 9].map(k), [1, 2, 2, 4, 4, 8])
  })

  test('roots for n = 0..9 match the recursive definition', ({ assert }) => {
    for (let n = 0; n <= 9; n++)
      assert.equal(bytesToHex(merkleRoot(txs(n))), bytesToHex(mth(txs(n))), `n=${n}`)
    assert.equal(
      bytesToHex(merkleRoot([])),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    )
  })

  test('audit paths for every leaf of n = 1..9 match and verify', ({ assert }) => {
    for (let n = 1; n <= 9; n++) {
      const d = txs(n)
      const root = mth(d)
      for (let m = 0; m < n; m++) {
        const p = auditPath(m, d)
        assert.deepEqual(p.map(bytesToHex), path(m, d).map(bytesToHex), `n=${n} m=${m}`)
        assert.isTrue(verifyInclusion(m, n, leafHash(d[m]), p, root), `verify n=${n} m=${m}`)
        // wrong index / size / leaf / node / truncated or extended path all fail
        if (n > 1) {
          assert.isFalse(verifyInclusion((m + 1) % n, n, leafHash(d[m]), p, root))
          const bad = p.map((x) => x.slice())
          bad[0][0] ^= 1
          assert.isFalse(verifyInclusion(m, n, leafHash(d[m]), bad, root))
          assert.isFalse(verifyInclusion(m, n, leafHash(d[m]), p.slice(1), root))
        }
        // (a different treeSize can still fit the same path — e.g. m = 3 in n = 9 vs 10 — which is why
        // the receipt check binds treeSize to header.txCount)
        if (n < 8) assert.isFalse(verifyInclusion(m, 2 * n, leafHash(d[m]), p, root))
        assert.isFalse(verifyInclusion(m, n, leafHash(new Uint8Array([9])), p, root))
        assert.isFalse(verifyInclusion(m, n, leafHash(d[m]), [...p, root], root))
      }
    }
  })

  test('malformed inputs give null, never a throw', ({ assert }) => {
    const leaf = leafHash(new Uint8Array([1]))
    assert.isNull(rootFromAuditPath(1, 1, leaf, []))
    assert.isNull(rootFromAuditPath(-1, 2, leaf, [leaf]))
    assert.isNull(rootFromAuditPath(0, 2, leaf, [new Uint8Array(31)]))
    assert.isNull(rootFromAuditPath(0, 2, leaf, []))
    assert.isNotNull(rootFromAuditPath(0, 1, leaf, []))
  })
})
