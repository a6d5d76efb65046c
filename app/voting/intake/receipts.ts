import * as blst from '@chainsafe/blst'
import { hexToBytes } from '#voting/protocol/encoding'
import {
  commitMessage,
  verifyReceipt,
  type CommitCertificate,
  type Genesis,
  type Receipt,
  type verifyCommit,
} from '#voting/protocol/receipt'

/*
| Ballot receipts are checked with the protocol library (protocol.md "Receipt") before anyone gets
| one; only the commit certificate's pairing is done natively (blst, ~1 ms, instead of noble's
| 30–100 ms on this box), with the same rules as the library's `verifyCommit`: distinct signers
| listed in the genesis, at least `quorum` of them, aggregate signature over
| "civic-budget/commit/v1" ‖ 0x00 ‖ blockHash. All ballots of a block share its certificate: one
| that verified once (same chain, block, signers, signature) is not paired again.
*/
const verifiedCertificates = new Set<string>()
const CACHE_MAX = 4_096
const genesisKeys = new Map<string, Map<number, blst.PublicKey>>()

function keysOf(genesis: Genesis): Map<number, blst.PublicKey> {
  const cacheKey = JSON.stringify([genesis.chainId, genesis.replicas.map((r) => r.publicKey)])
  let keys = genesisKeys.get(cacheKey)
  if (!keys) {
    keys = new Map()
    for (const r of genesis.replicas)
      keys.set(r.index, blst.PublicKey.fromBytes(hexToBytes(r.publicKey, 48), true))
    if (genesisKeys.size >= 16) genesisKeys.clear()
    genesisKeys.set(cacheKey, keys)
  }
  return keys
}

const nativeVerifyCommit: typeof verifyCommit = (blockHash, commit, genesis) => {
  const c = commit as CommitCertificate | undefined
  const key = JSON.stringify([genesis.chainId, String(blockHash), c?.signers, c?.signature])
  if (verifiedCertificates.has(key)) return { ok: true }
  const fail = (message: string) =>
    ({ ok: false, reason: 'bad_commit_signature', message }) as const
  if (!c || !Array.isArray(c.signers) || typeof c.signature !== 'string') {
    return fail('commit: signers and signature expected')
  }
  const keys = keysOf(genesis)
  const signers = new Set<number>()
  const signerKeys: blst.PublicKey[] = []
  for (const index of c.signers) {
    const pk = keys.get(index)
    if (!pk || signers.has(index)) return fail(`commit: bad or repeated signer ${index}`)
    signers.add(index)
    signerKeys.push(pk)
  }
  if (signerKeys.length < genesis.quorum) return fail('commit: fewer signers than the quorum')
  let ok = false
  try {
    const signature = blst.Signature.fromBytes(hexToBytes(c.signature, 96), true)
    ok = blst.verify(commitMessage(blockHash), blst.aggregatePublicKeys(signerKeys), signature)
  } catch {
    ok = false
  }
  if (!ok) return fail('commit signature does not verify')
  if (verifiedCertificates.size >= CACHE_MAX) verifiedCertificates.clear()
  verifiedCertificates.add(key)
  return { ok: true }
}

/** `ReceiptCheck` for the ledger client: the full ballot receipt check, for this tx. */
export function checkBallotReceipt(
  receipt: Record<string, any>,
  txHash: string,
  genesis: Genesis
): { ok: true; height: number } | { ok: false; message: string } {
  const result = verifyReceipt(receipt as Receipt, genesis, { verifyCommit: nativeVerifyCommit })
  if (!result.ok) return { ok: false, message: `${result.reason}: ${result.message}` }
  if (result.txHash !== txHash) return { ok: false, message: 'receipt is for another tx' }
  return { ok: true, height: result.height }
}
