/**
 * RFC 9162 (Certificate Transparency v2) Merkle tree over a block's transactions:
 * leaf = H(0x00 ‖ txBytes), node = H(0x01 ‖ left ‖ right), split at the largest power of two < n,
 * empty tree = H(""). Audit paths and their verification follow RFC 9162 §2.1.3.
 */
import { concatBytes, equalBytes } from './bytes.js'
import { sha256 } from './hash.js'

const LEAF_PREFIX = new Uint8Array([0])
const NODE_PREFIX = new Uint8Array([1])

export function leafHash(txBytes: Uint8Array): Uint8Array {
  return sha256(concatBytes(LEAF_PREFIX, txBytes))
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concatBytes(NODE_PREFIX, left, right))
}

/** Largest power of two strictly smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** MTH over already-hashed leaves. */
export function rootFromLeafHashes(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0))
  // Bottom-up: hashing adjacent pairs level by level gives the same tree as the recursive
  // definition, because a lone last node is carried up unchanged (RFC 9162 §2.1.1).
  let level = leaves.slice()
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i], level[i + 1]))
    if (level.length % 2 === 1) next.push(level[level.length - 1])
    level = next
  }
  return level[0]
}

/** MTH(D[n]) of the transactions of a block. */
export function merkleRoot(txs: readonly Uint8Array[]): Uint8Array {
  return rootFromLeafHashes(txs.map(leafHash))
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1 over already-hashed leaves; sibling hashes leaf → root. */
export function auditPathFromLeafHashes(
  index: number,
  leaves: readonly Uint8Array[]
): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new RangeError('leaf index out of range')
  }
  const path: Uint8Array[] = []
  let m = index
  let lo = 0
  let hi = leaves.length
  const stack: Uint8Array[] = []
  // Descend: at each split the sibling subtree's root is part of the path (collected top-down).
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo)
    if (m < k) {
      stack.push(rootFromLeafHashes(leaves.slice(lo + k, hi)))
      hi = lo + k
    } else {
      stack.push(rootFromLeafHashes(leaves.slice(lo, lo + k)))
      lo = lo + k
      m -= k
    }
  }
  for (let i = stack.length - 1; i >= 0; i--) path.push(stack[i])
  return path
}

export function auditPath(index: number, txs: readonly Uint8Array[]): Uint8Array[] {
  return auditPathFromLeafHashes(index, txs.map(leafHash))
}

/** Root implied by a leaf hash and its audit path, or null if the path has the wrong shape. */
export function rootFromAuditPath(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[]
): Uint8Array | null {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize)) return null
  if (leafIndex < 0 || leafIndex >= treeSize) return null
  let fn = BigInt(leafIndex)
  let sn = BigInt(treeSize - 1)
  let r = leaf
  for (const p of path) {
    if (!(p instanceof Uint8Array) || p.length !== 32) return null
    if (sn === 0n) return null
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r)
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n
          sn >>= 1n
        }
      }
    } else {
      r = nodeHash(r, p)
    }
    fn >>= 1n
    sn >>= 1n
  }
  if (sn !== 0n) return null
  return r
}

/** RFC 9162 §2.1.3.2 inclusion-proof verification. */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array
): boolean {
  const computed = rootFromAuditPath(leafIndex, treeSize, leaf, path)
  return computed !== null && equalBytes(computed, root)
}
