// Receipts (protocol.md "Receipt"): proof that a tx is in a committed block. Built and checked with the
// protocol package (`makeTxReceipt`, `verifyTxReceipt`: the same code the app and the check page run);
// what stays here is the replica's view of a block and its BLS backend as the aggregate verifier.
//
//   { version: 1, ballotHash?, campaignId?, tx, header, blockHash, leafIndex, treeSize, auditPath,
//     commit: { signers, signature } }
//
// Ballot txs carry `ballotHash` (hex H(ballotBytes)) and `campaignId`. Receipts of other tx kinds omit both
// (a verifier must then not claim anything about a ballot); if a non-ballot receipt does carry
// `ballotHash`, it must equal the txHash.
import { ballotHash } from '@civic-budget/protocol/ballot'
import { base64ToBytes } from '@civic-budget/protocol/bytes'
import {
  ballotOfTx,
  makeTxReceipt,
  verifyTxReceipt,
  type TxReceipt,
} from '@civic-budget/protocol/receipt'
import type { Block, CommitCert } from '../consensus/types.js'
import { encodeHeader } from '../codec/block.js'
import { toHex } from './hash.js'
import { bls, type BlsBackend } from './bls.js'
import type { Genesis } from '../node/genesis.js'

export type Receipt = TxReceipt

export function buildReceipt(block: Block, position: number, cert: CommitCert): Receipt {
  return makeTxReceipt({
    txs: block.txs,
    index: position,
    headerBytes: encodeHeader(block.header),
    commit: { signers: [...cert.signers], signature: toHex(cert.sig) },
  })
}

export type ReceiptCheck =
  { ok: true; height: number; txHash: string } | { ok: false; reason: string }

/** The ballot inside a tx (either ballot version), or null for other kinds. */
function ballotOf(tx: Uint8Array) {
  try {
    return ballotOfTx(tx)
  } catch {
    return null
  }
}

export function verifyReceipt(
  receipt: unknown,
  genesis: Genesis,
  backend: BlsBackend = bls
): ReceiptCheck {
  const r = receipt as TxReceipt
  if (typeof r !== 'object' || r === null)
    return { ok: false, reason: 'receipt must be a JSON object' }
  const checked = verifyTxReceipt(r, genesis, {
    fastVerify: (message, publicKeys, signature) =>
      backend.fastAggregateVerify(message, publicKeys, signature),
  })
  if (!checked.ok) return { ok: false, reason: `${checked.reason}: ${checked.message}` }
  if (r.ballotHash !== undefined) {
    const ballot = ballotOf(base64ToBytes(r.tx))
    if (ballot) {
      if (r.ballotHash !== ballotHash(ballot.ballotBytes))
        return { ok: false, reason: 'ballotHash does not match the ballot inside tx' }
      if (r.campaignId !== undefined && r.campaignId !== ballot.campaignId)
        return { ok: false, reason: 'campaignId does not match the ballot' }
    } else if (r.ballotHash !== checked.txHash) {
      return {
        ok: false,
        reason: 'ballotHash given for a non-ballot tx and not equal to its txHash',
      }
    }
  }
  return { ok: true, height: checked.height, txHash: checked.txHash }
}
