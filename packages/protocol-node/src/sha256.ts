import * as nodeCrypto from 'node:crypto'
import { useSha256 } from '@civic-budget/protocol/hash'

/*
| SHA-256 through node:crypto: about twice as fast as pure JS per small hash and with far less garbage
| (a replica hashes every tx several times). `crypto.hash` (Node ≥ 20.12) is one-shot, with no Hash
| object; older Node falls back to createHash.
*/
type OneShot = (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer
const oneShot = (nodeCrypto as unknown as { hash?: OneShot }).hash

export function nodeSha256(data: Uint8Array): Uint8Array {
  const digest =
    oneShot === undefined
      ? nodeCrypto.createHash('sha256').update(data).digest()
      : oneShot('sha256', data, 'buffer')
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.length)
}

/** Makes every `@civic-budget/protocol` hash of this process use node:crypto. */
export function installNodeSha256(): void {
  useSha256(nodeSha256)
}
