/**
 * The check page's offline verification (loaded on demand, like the voting page's crypto):
 * `verifyReceipt` of the protocol library, reported as the four checks of protocol.md "Receipt"
 * (+ the receipt's shape) so the page can say which one failed.
 */
import { decodeHeader, type Genesis, type ReceiptFailure } from '@civic-budget/protocol/block'
import { verifyReceipt, type Receipt } from '@civic-budget/protocol/receipt'
import { genesisFingerprint } from '@civic-budget/protocol/genesis_fingerprint'
import { base64ToBytes } from '@civic-budget/protocol/bytes'
import { sha256Hex } from '@civic-budget/protocol/hash'

export const CHECKS = ['format', 'ballot_hash', 'merkle_path', 'header_hash', 'commit'] as const
export type CheckName = (typeof CHECKS)[number]
export type CheckStatus = 'passed' | 'failed' | 'not_checked'

/** Where `verifyReceipt` stops for each failure: the check it belongs to and its position in the run. */
const FAILURES: Record<ReceiptFailure, [CheckName, number]> = {
  bad_receipt: ['format', 0],
  bad_genesis: ['format', 0],
  malformed_tx: ['ballot_hash', 1],
  ballot_hash_mismatch: ['ballot_hash', 1],
  campaign_mismatch: ['ballot_hash', 1],
  malformed_header: ['header_hash', 2],
  chain_mismatch: ['header_hash', 2],
  tree_size_mismatch: ['merkle_path', 3],
  bad_audit_path: ['merkle_path', 3],
  audit_path_mismatch: ['merkle_path', 3],
  block_hash_mismatch: ['header_hash', 4],
  duplicate_signer: ['commit', 5],
  unknown_signer: ['commit', 5],
  insufficient_signers: ['commit', 5],
  bad_commit_signature: ['commit', 5],
}
/** Position of each check's last step in the run. */
const POSITION: Record<CheckName, number> = {
  format: 0,
  ballot_hash: 1,
  merkle_path: 3,
  header_hash: 4,
  commit: 5,
}

export interface ReceiptReport {
  ok: boolean
  fingerprint: string | null
  checks: { name: CheckName; status: CheckStatus; reason?: ReceiptFailure; message?: string }[]
  /** hex H(tx): what to ask the replicas for (null when `tx` is not base64) */
  txHash: string | null
  height: number | null
  timestampMs: number | null
  signers: number
  quorum: number | null
}

export function checkReceipt(receipt: unknown, genesis: Genesis): ReceiptReport {
  const r = receipt as Partial<Receipt> | null
  const result = verifyReceipt(r as Receipt, genesis)
  let fingerprint: string | null = null
  try {
    fingerprint = genesisFingerprint(genesis)
  } catch {
    fingerprint = null
  }
  const failed = result.ok ? null : FAILURES[result.reason]
  const checks = CHECKS.map((name) => {
    if (!failed) return { name, status: 'passed' as const }
    if (failed[0] === name) {
      return {
        name,
        status: 'failed' as const,
        reason: !result.ok ? result.reason : undefined,
        message: !result.ok ? result.message : undefined,
      }
    }
    return {
      name,
      status: POSITION[name] < failed[1] ? ('passed' as const) : ('not_checked' as const),
    }
  })
  return {
    ok: result.ok,
    fingerprint,
    checks,
    txHash: result.ok ? result.txHash : txHashOf(r?.tx),
    height: result.ok ? result.height : headerField(r?.header, 'height'),
    timestampMs: result.ok ? result.timestampMs : headerField(r?.header, 'timestampMs'),
    signers: Array.isArray(r?.commit?.signers) ? r.commit.signers.length : 0,
    quorum: typeof genesis?.quorum === 'number' ? genesis.quorum : null,
  }
}

function txHashOf(tx: unknown): string | null {
  try {
    return typeof tx === 'string' ? sha256Hex(base64ToBytes(tx)) : null
  } catch {
    return null
  }
}

function headerField(header: unknown, field: 'height' | 'timestampMs'): number | null {
  try {
    return typeof header === 'string' ? decodeHeader(base64ToBytes(header))[field] : null
  } catch {
    return null
  }
}
