import { base64ToBytes, bytesToHex, hexToBytes } from '@civic-budget/protocol/bytes'
import { sha256Hex } from '@civic-budget/protocol/hash'
import { leafHash, rootFromAuditPath } from '@civic-budget/protocol/merkle'
import {
  verifyCommittedHeader,
  type CommitCertificate,
  type Genesis,
} from '@civic-budget/protocol/block'

/*
| Checks a replica's receipt for any tx kind (protocol.md "Receipt" without the ballot-specific
| step): the tx bytes hash to `txHash`, the header is committed on our chain (H(header) = blockHash,
| chain id, commit certificate with ≥ quorum genesis signers: `verifyCommittedHeader`, shared with
| the block projection), and the RFC 9162 audit path leads to `header.txRoot`. A replica cannot
| make us mark a record committed without a quorum's signatures.
*/
export function checkTxReceipt(
  receipt: Record<string, any>,
  txHash: string,
  genesis: Genesis
): { ok: true; height: number } | { ok: false; message: string } {
  try {
    const txBytes = base64ToBytes(String(receipt.tx))
    if (sha256Hex(txBytes) !== txHash) return { ok: false, message: 'receipt is for another tx' }
    const committed = verifyCommittedHeader(
      base64ToBytes(String(receipt.header)),
      String(receipt.blockHash),
      receipt.commit as CommitCertificate,
      genesis
    )
    if (!committed.ok) return { ok: false, message: committed.message }
    const header = committed.header
    if (receipt.treeSize !== header.txCount) return { ok: false, message: 'treeSize mismatch' }
    const path = (receipt.auditPath as string[]).map((node) => hexToBytes(node, 32))
    const root = rootFromAuditPath(receipt.leafIndex, receipt.treeSize, leafHash(txBytes), path)
    if (root === null || bytesToHex(root) !== bytesToHex(header.txRoot)) {
      return { ok: false, message: 'audit path does not lead to txRoot' }
    }
    return { ok: true, height: header.height }
  } catch (error) {
    return { ok: false, message: (error as Error).message }
  }
}
