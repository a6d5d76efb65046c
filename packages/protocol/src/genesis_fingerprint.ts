/**
 * A short, comparable fingerprint of a genesis file: what a voter compares with the one the city
 * publishes (website, printed notice). protocol.md does not define one; this is our choice:
 *
 *   fingerprint = hex SHA-256( CBOR [chainId, quorum, [[index, publicKey(48 bytes)]…] by index] )
 *
 * It covers exactly what receipt verification trusts (chain id, quorum, replica keys) and is
 * independent of JSON formatting, key order and the other genesis fields (addresses, PoPs, admins).
 */
import { cborEncode } from './cbor.js'
import { hexToBytes } from './bytes.js'
import { sha256Hex } from './hash.js'
import type { Genesis } from './block.js'

export function genesisFingerprint(genesis: Genesis): string {
  const replicas = [...genesis.replicas]
    .sort((a, b) => a.index - b.index)
    .map((replica) => [replica.index, hexToBytes(replica.publicKey, 48)])
  return sha256Hex(cborEncode([genesis.chainId, genesis.quorum, replicas]))
}
