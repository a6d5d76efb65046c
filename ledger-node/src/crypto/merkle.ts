/**
 * RFC 9162 (Certificate Transparency v2) Merkle tree over a block's transactions.
 *
 *   MTH({})        = H()                       (hash of the empty string)
 *   MTH({d0})      = H(0x00 ‖ d0)              (leaf hash)
 *   MTH(D[n])      = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))   k = largest power of two < n
 *
 * Inclusion proofs are RFC 9162 §2.1.3 audit paths (siblings from the leaf upwards) and are verified with
 * the §2.1.3.2 algorithm.
 *
 * Invariants: every function returns 32-byte hashes; proofs have at most ceil(log2 n) entries.
 */
import { sha256, bytesEqual } from './hash.js'

const LEAF_PREFIX = new Uint8Array([0x00])
const NODE_PREFIX = new Uint8Array([0x01])

export function leafHash(data: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, data)
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== 32 || right.length !== 32)
    throw new Error('nodeHash: children must be 32 bytes')
  return sha256(NODE_PREFIX, left, right)
}

/** Largest power of two strictly less than n (n ≥ 2). */
export function splitPoint(n: number): number {
  if (!(Number.isInteger(n) && n >= 2))
    throw new Error(`splitPoint: n must be an integer ≥ 2, got ${n}`)
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

function rootOfLeafHashes(hashes: Uint8Array[], lo: number, hi: number): Uint8Array {
  const n = hi - lo
  if (n === 1) return hashes[lo]!
  const k = splitPoint(n)
  return nodeHash(rootOfLeafHashes(hashes, lo, lo + k), rootOfLeafHashes(hashes, lo + k, hi))
}

/** Merkle tree head of the given leaves (raw tx bytes). */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0))
  const hashes = leaves.map(leafHash)
  return rootOfLeafHashes(hashes, 0, hashes.length)
}

function pathOf(hashes: Uint8Array[], m: number, lo: number, hi: number, out: Uint8Array[]): void {
  const n = hi - lo
  if (n === 1) return
  const k = splitPoint(n)
  if (m < k) {
    pathOf(hashes, m, lo, lo + k, out)
    out.push(rootOfLeafHashes(hashes, lo + k, hi))
  } else {
    pathOf(hashes, m - k, lo + k, hi, out)
    out.push(rootOfLeafHashes(hashes, lo, lo + k))
  }
}

/** RFC 9162 §2.1.3.1 inclusion proof (audit path) for leaf `index` in a tree of `leaves`. */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!(Number.isInteger(index) && index >= 0 && index < leaves.length)) {
    throw new Error(`inclusionProof: index ${index} out of range for ${leaves.length} leaves`)
  }
  const hashes = leaves.map(leafHash)
  const out: Uint8Array[] = []
  pathOf(hashes, index, 0, hashes.length, out)
  return out
}

/**
 * RFC 9162 §2.1.3.2: verify that `leaf` (raw bytes) is at `index` in a tree of `treeSize` leaves with
 * head `root`. Returns false (never throws) on any mismatch or malformed input.
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array
): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(treeSize) || index < 0 || index >= treeSize)
    return false
  if (root.length !== 32) return false
  let fn = index
  let sn = treeSize - 1
  let r = leafHash(leaf)
  for (const p of proof) {
    if (p.length !== 32) return false
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && bytesEqual(r, root)
}
