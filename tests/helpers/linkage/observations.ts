import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import { ballotHash, base64ToBytes, bytesToHex, decodeHeader, txHash } from '@civic-budget/protocol'
import { decodeLedgerTx } from '@civic-budget/protocol/tx'

/*
| What the adversary of the linkage test holds: every row of every table (enumerated from
| information_schema, all columns, in the order a dump writes them — physical order), the app's
| log lines and the replicas' logs, and every committed block from a replica's public API.
*/
export type Cell = string | number | null
export interface Table {
  name: string
  columns: string[]
  rows: Cell[][]
}
export interface LedgerBallot {
  /** The ballot hash, or `paper:<batchNo>:<sheetNo>`. */
  unit: string
  /** Position in the chain: height, tx index, sheet index. */
  order: number
  timestampMs: number
  /** Hex values that name this ballot wherever they appear (hashes, voter key, credential). */
  tokens: string[]
}
export interface Observation {
  tables: Table[]
  logLines: string[]
  ledger: LedgerBallot[]
}

function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.getTime()
  if (Buffer.isBuffer(value)) return value.toString('hex')
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

export async function dumpDatabase(): Promise<Table[]> {
  const { rows: names } = await db.rawQuery(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`
  )
  const tables: Table[] = []
  for (const { table_name: name } of names as { table_name: string }[]) {
    const result = await db.rawQuery(`SELECT * FROM "${name}"`)
    const columns: string[] = result.fields.map((field: { name: string }) => field.name)
    const rows = (result.rows as Record<string, unknown>[]).map((row) =>
      columns.map((column) => cell(row[column]))
    )
    tables.push({ name, columns, rows })
  }
  return tables
}

export async function readLedger(replicaUrl: string): Promise<LedgerBallot[]> {
  const ballots: LedgerBallot[] = []
  for (let from = 1; ;) {
    const answer = await fetch(`${replicaUrl}/blocks?from=${from}&limit=100`)
    const { blocks } = (await answer.json()) as {
      blocks: { height: number; header: string; txs: string[] }[]
    }
    if (blocks.length === 0) return ballots
    for (const block of blocks) {
      const { timestampMs } = decodeHeader(base64ToBytes(block.header))
      block.txs.forEach((encoded, index) => {
        const bytes = base64ToBytes(encoded)
        const tx = decodeLedgerTx(bytes)
        const order = block.height * 1_000_000 + index * 1_000
        if (tx.kind === 'ballot') {
          ballots.push({
            unit: ballotHash(tx.ballotBytes),
            order,
            timestampMs,
            tokens: [
              ballotHash(tx.ballotBytes),
              txHash(bytes),
              bytesToHex(tx.ballot.voterKey),
              bytesToHex(tx.ballot.credential),
              bytesToHex(tx.signature),
            ],
          })
        } else if (tx.kind === 'paper-batch') {
          tx.batch.sheets.forEach((sheet, sheetIndex) => {
            ballots.push({
              unit: `paper:${tx.batch.batchNo}:${sheet.sheetNo}`,
              order: order + sheetIndex,
              timestampMs,
              tokens: [],
            })
          })
        }
      })
      from = block.height + 1
    }
  }
}

/** Every line of the replicas' log files (a test cluster keeps them in its directory). */
export function replicaLogLines(clusterDir: string): string[] {
  return readdirSync(clusterDir)
    .filter((name) => name.endsWith('.log'))
    .flatMap((name) => readFileSync(join(clusterDir, name), 'utf8').split('\n'))
}
