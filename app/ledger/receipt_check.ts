import type { Genesis } from '@civic-budget/protocol/block'
import { verifyTxReceipt, type TxReceipt } from '@civic-budget/protocol/receipt'

/*
| Checks a replica's receipt for any tx kind (protocol.md "Receipt" without the ballot-specific
| step) with the protocol package's `verifyTxReceipt` — the code the replicas' `verify-receipt` runs:
| the header is committed on our chain (H(header) = blockHash, chain id, commit certificate with
| ≥ quorum genesis signers), the RFC 9162 audit path leads to `header.txRoot`, and the tx bytes hash
| to `txHash`. A replica cannot make us mark a record committed without a quorum's signatures.
*/
export function checkTxReceipt(
  receipt: Record<string, any>,
  txHash: string,
  genesis: Genesis
): { ok: true; height: number } | { ok: false; message: string } {
  const checked = verifyTxReceipt(receipt as TxReceipt, genesis)
  if (!checked.ok) return { ok: false, message: `${checked.reason}: ${checked.message}` }
  if (checked.txHash !== txHash) return { ok: false, message: 'receipt is for another tx' }
  return { ok: true, height: checked.height }
}
