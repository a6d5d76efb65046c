import {
  verifyCommit,
  verifyReceipt,
  type CommitCertificate,
  type Genesis,
  type Receipt,
} from '#voting/protocol/receipt'

/*
| Ballot receipts are checked with the protocol library (protocol.md "Receipt") before anyone gets
| one. All ballots of a block share its commit certificate: a certificate that verified once (same
| chain, block, signers and signature) is not paired again — a batch of 256 costs one BLS check.
*/
const verifiedCertificates = new Set<string>()
const CACHE_MAX = 4_096

const cachedVerifyCommit: typeof verifyCommit = (blockHash, commit, genesis) => {
  const c = commit as CommitCertificate | undefined
  const key = JSON.stringify([genesis.chainId, String(blockHash), c?.signers, c?.signature])
  if (verifiedCertificates.has(key)) return { ok: true }
  const result = verifyCommit(blockHash, commit, genesis)
  if (result.ok) {
    if (verifiedCertificates.size >= CACHE_MAX) verifiedCertificates.clear()
    verifiedCertificates.add(key)
  }
  return result
}

/** `ReceiptCheck` for the ledger client: the full ballot receipt check, for this tx. */
export function checkBallotReceipt(
  receipt: Record<string, any>,
  txHash: string,
  genesis: Genesis
): { ok: true; height: number } | { ok: false; message: string } {
  const result = verifyReceipt(receipt as Receipt, genesis, { verifyCommit: cachedVerifyCommit })
  if (!result.ok) return { ok: false, message: `${result.reason}: ${result.message}` }
  if (result.txHash !== txHash) return { ok: false, message: 'receipt is for another tx' }
  return { ok: true, height: result.height }
}
