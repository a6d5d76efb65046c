import { base64ToBytes, bytesToHex, hexToBytes, sha256Hex } from '#voting/protocol/encoding'
import { leafHash, rootFromAuditPath } from '#voting/protocol/merkle'
import {
  blockHashOf,
  decodeHeader,
  verifyCommit,
  type CommitCertificate,
  type Genesis,
} from '#voting/protocol/receipt'

/*
| Checks a replica's receipt for any tx kind (protocol.md "Receipt" without the ballot-specific
| step): the tx bytes hash to `txHash`, the RFC 9162 audit path leads to `header.txRoot`, H(header) =
| blockHash, the chain is ours, and the commit certificate verifies with ≥ quorum genesis signers.
| A replica cannot make us mark a record committed without a quorum's signatures.
*/
export function checkTxReceipt(
  receipt: Record<string, any>,
  txHash: string,
  genesis: Genesis
): { ok: true; height: number } | { ok: false; message: string } {
  try {
    const txBytes = base64ToBytes(String(receipt.tx))
    if (sha256Hex(txBytes) !== txHash) return { ok: false, message: 'receipt is for another tx' }
    const headerBytes = base64ToBytes(String(receipt.header))
    const header = decodeHeader(headerBytes)
    if (header.chainId !== genesis.chainId) return { ok: false, message: 'another chain' }
    if (receipt.treeSize !== header.txCount) return { ok: false, message: 'treeSize mismatch' }
    const path = (receipt.auditPath as string[]).map((node) => hexToBytes(node, 32))
    const root = rootFromAuditPath(receipt.leafIndex, receipt.treeSize, leafHash(txBytes), path)
    if (root === null || bytesToHex(root) !== bytesToHex(header.txRoot)) {
      return { ok: false, message: 'audit path does not lead to txRoot' }
    }
    const blockHash = blockHashOf(headerBytes)
    if (blockHash !== receipt.blockHash) return { ok: false, message: 'block hash mismatch' }
    const commit = verifyCommit(blockHash, receipt.commit as CommitCertificate, genesis)
    if (!commit.ok) return { ok: false, message: commit.message }
    return { ok: true, height: header.height }
  } catch (error) {
    return { ok: false, message: (error as Error).message }
  }
}
