import { cachedNativeAggregateVerify } from '@civic-budget/protocol-node/bls'
import { verifyReceipt, type Receipt } from '@civic-budget/protocol/receipt'
import { type Genesis } from '@civic-budget/protocol/block'

/*
| Ballot receipts are checked with the protocol library (protocol.md "Receipt") before anyone gets
| one; only the commit certificate's pairing is done natively (blst, ~1 ms, instead of noble's
| 30–100 ms on this box) and remembered: all ballots of a block share its certificate.
*/
/** `ReceiptCheck` for the ledger client: the full ballot receipt check, for this tx. */
export function checkBallotReceipt(
  receipt: Record<string, any>,
  txHash: string,
  genesis: Genesis
): { ok: true; height: number } | { ok: false; message: string } {
  const result = verifyReceipt(receipt as Receipt, genesis, {
    fastVerify: cachedNativeAggregateVerify,
  })
  if (!result.ok) return { ok: false, message: `${result.reason}: ${result.message}` }
  if (result.txHash !== txHash) return { ok: false, message: 'receipt is for another tx' }
  return { ok: true, height: result.height }
}
