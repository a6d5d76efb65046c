import { ballotHash, decodeBallotTx } from '#voting/protocol/ballot'
import { cborDecode, isUint, type CborValue } from '#voting/protocol/encoding'

/*
| The projection's decoder of committed txs (ledger-node/README.md "Transaction payloads"): just
| what the read models need, in one file so it can be swapped for a shared `decodeLedgerTx` later.
| The ledger validated every committed tx (signatures, credentials, rules), so nothing is
| re-verified here; a tx that does not decode means our decoder and the ledger disagree, and the
| projection stops rather than count wrongly (see projector.ts).
*/
export type Choice = [projectId: number, weight: number]

export type LedgerTx =
  | { kind: 'ballot'; campaignId: number; ballotHash: string; choices: Choice[] }
  | {
      kind: 'paper-batch'
      campaignId: number
      station: string
      batchNo: number
      sheets: { sheetNo: number; choices: Choice[] }[]
    }
  | { kind: 'other'; name: string }

export class TxDecodeError extends Error {}

function choicesOf(value: CborValue, what: string): Choice[] {
  if (!Array.isArray(value)) throw new TxDecodeError(`${what}: choices must be an array`)
  return value.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2 || !isUint(pair[0]) || !isUint(pair[1])) {
      throw new TxDecodeError(`${what}: choice must be [projectId, weight]`)
    }
    return [pair[0], pair[1]]
  })
}

/**
 * paper-batch = [1, "paper-batch", batchBytes, operatorKey, operatorSig, adminKey, adminSig],
 * batchBytes = CBOR [1, campaignId, station, batchNo, [[sheetNo, choices]…]].
 */
function decodePaperBatch(tx: CborValue[]): LedgerTx {
  const batchBytes = tx[2]
  if (tx.length !== 7 || !(batchBytes instanceof Uint8Array)) {
    throw new TxDecodeError('paper-batch: array of 7 with batch bytes expected')
  }
  const batch = cborDecode(batchBytes)
  if (!Array.isArray(batch) || batch.length !== 5 || batch[0] !== 1) {
    throw new TxDecodeError('paper-batch: batch must be [1, campaignId, station, batchNo, sheets]')
  }
  const [, campaignId, station, batchNo, sheets] = batch
  if (!isUint(campaignId) || typeof station !== 'string' || !isUint(batchNo)) {
    throw new TxDecodeError('paper-batch: campaignId, station or batchNo of the wrong type')
  }
  if (!Array.isArray(sheets)) throw new TxDecodeError('paper-batch: sheets must be an array')
  return {
    kind: 'paper-batch',
    campaignId,
    station,
    batchNo,
    sheets: sheets.map((sheet) => {
      if (!Array.isArray(sheet) || sheet.length !== 2 || !isUint(sheet[0])) {
        throw new TxDecodeError('paper-batch: sheet must be [sheetNo, choices]')
      }
      return { sheetNo: sheet[0], choices: choicesOf(sheet[1], `sheet ${sheet[0]}`) }
    }),
  }
}

export function decodeLedgerTx(txBytes: Uint8Array): LedgerTx {
  const value = cborDecode(txBytes)
  if (!Array.isArray(value) || value[0] !== 1 || typeof value[1] !== 'string') {
    throw new TxDecodeError('tx must be CBOR [1, kind, payload…]')
  }
  if (value[1] === 'ballot') {
    const tx = decodeBallotTx(txBytes)
    return {
      kind: 'ballot',
      campaignId: tx.ballot.campaignId,
      ballotHash: ballotHash(tx.ballotBytes),
      choices: tx.ballot.choices.map((c) => [c.projectId, c.weight]),
    }
  }
  if (value[1] === 'paper-batch') return decodePaperBatch(value)
  return { kind: 'other', name: value[1] }
}
