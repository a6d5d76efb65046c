/**
 * Independent protocol client — RFC 9162 inclusion proof check, written as the inverse of the
 * recursive PATH definition (§2.1.3.1): the last path element is the sibling at the top split.
 */
import { cat, sha256 } from './crypto.js'

export const leaf = (tx: Uint8Array) => sha256(Uint8Array.of(0), tx)
export const node = (l: Uint8Array, r: Uint8Array) => sha256(Uint8Array.of(1), l, r)

function largestPowerOfTwoBelow(n: number): number {
  let k = 1
  while (k << 1 < n) k <<= 1
  return k
}

/** Root implied by (m, n, leafHash, path), or null if the path does not fit the tree shape. */
export function rootFromPath(
  m: number,
  n: number,
  leafHash: Uint8Array,
  path: Uint8Array[]
): Uint8Array | null {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || m >= n) return null
  if (n === 1) return path.length === 0 ? leafHash : null
  if (path.length === 0) return null
  const k = largestPowerOfTwoBelow(n)
  const sibling = path[path.length - 1]
  if (sibling.length !== 32) return null
  const rest = path.slice(0, -1)
  if (m < k) {
    const left = rootFromPath(m, k, leafHash, rest)
    return left && node(left, sibling)
  }
  const right = rootFromPath(m - k, n - k, leafHash, rest)
  return right && node(sibling, right)
}

/** Straightforward MTH, for tests. */
export function treeRoot(txs: Uint8Array[]): Uint8Array {
  if (txs.length === 0) return sha256(new Uint8Array(0))
  if (txs.length === 1) return leaf(txs[0])
  const k = largestPowerOfTwoBelow(txs.length)
  return node(treeRoot(txs.slice(0, k)), treeRoot(txs.slice(k)))
}

export { cat }
