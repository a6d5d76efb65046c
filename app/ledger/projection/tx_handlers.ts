import type { VerifiedBlock } from '#ledger/projection/block_verifier'
import { txKindOf } from '@civic-budget/protocol/tx'
import { decodeLedgerTx, type LedgerTx } from '@civic-budget/protocol/tx_decode'
import { ballotHash } from '@civic-budget/protocol/ballot'
import { sha256Hex } from '@civic-budget/protocol/hash'

/*
| What each committed tx kind contributes to the read models: a dispatch table keyed by tx kind.
| A handler is pure (tx → counted ballots); the projector writes them. Kinds without a handler
| (campaign, support, attachment, credentials-issued, outcome…) change no read model yet and are
| not even decoded. Decoding is the shared `decodeLedgerTx` (shapes and canonical CBOR; the ledger
| verified the signatures): a committed tx of a handled kind that does not decode means the app and
| the ledger disagree, and the projection stops (nothing of the batch applied) rather than miscount.
*/
export type Choice = [projectId: number, weight: number]

export type RecordChannel = 'online' | 'terminal' | 'paper'

export interface CountedBallot {
  /** ballot_records.ref: the ballot hash, or `paper:<txHash>:<sheetNo>`. */
  ref: string
  campaignId: number
  choices: Choice[]
  /** `null`: an online-format ballot whose channel the resolvers decide (online or terminal). */
  channel: RecordChannel | null
  /**
   * An encrypted ballot (v2): its bytes, kept in ledger order in `encrypted_ballots` for the
   * trustees; `choices` is empty — it counts for turnout, never for a project until decrypted.
   */
  sealed?: Uint8Array
  height: number
  txHash: string
  blockTimeMs: number
}

export interface TxContext {
  height: number
  txHash: string
  blockTimeMs: number
}

export type TxHandler = (tx: LedgerTx, context: TxContext) => CountedBallot[]

const handlers = new Map<string, TxHandler>()

/** Registers the handler of a tx kind (replacing any); returns a function that restores the old one. */
export function registerTxHandler(kind: string, handler: TxHandler): () => void {
  const previous = handlers.get(kind)
  handlers.set(kind, handler)
  return () => {
    if (previous) handlers.set(kind, previous)
    else handlers.delete(kind)
  }
}

// Ballot txs of both versions (the outer tx kind is `ballot`; v2 decodes as `encrypted-ballot`).
registerTxHandler('ballot', (tx, context) => {
  if (tx.kind === 'ballot') {
    return [
      {
        ...context,
        ref: ballotHash(tx.ballotBytes),
        campaignId: tx.ballot.campaignId,
        choices: tx.ballot.choices.map((c): Choice => [c.projectId, c.weight]),
        channel: null,
      },
    ]
  }
  if (tx.kind === 'encrypted-ballot') {
    return [
      {
        ...context,
        ref: ballotHash(tx.ballotBytes),
        campaignId: tx.ballot.campaignId,
        choices: [],
        channel: null,
        sealed: tx.ballotBytes,
      },
    ]
  }
  return []
})

registerTxHandler('paper-batch', (tx, context) =>
  tx.kind === 'paper-batch'
    ? tx.batch.sheets.map((sheet) => ({
        ...context,
        ref: `paper:${context.txHash}:${sheet.sheetNo}`,
        campaignId: tx.batch.campaignId,
        choices: sheet.choices.map((c): Choice => [c.projectId, c.weight]),
        channel: 'paper' as const,
      }))
    : []
)

/** The counted ballots of a run of blocks, in chain order. */
export function countedBallotsOf(blocks: VerifiedBlock[]): CountedBallot[] {
  const out: CountedBallot[] = []
  for (const block of blocks) {
    for (const txBytes of block.txs) {
      const handler = handlers.get(txKindOf(txBytes))
      if (!handler) continue
      const tx = decodeLedgerTx(txBytes)
      const context = {
        height: block.height,
        txHash: sha256Hex(txBytes),
        blockTimeMs: block.header.timestampMs,
      }
      out.push(...handler(tx, context))
    }
  }
  return out
}
