import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import audit, { type AuditActor } from '#shared/audit'
import Campaign from '#campaigns/models/campaign'
import { campaignDefinition } from '#voting/campaign_record'
import { enqueue } from '#ledger/outbox/outbox'
import { recordSigningKey } from '#ledger/record'
import { encodePaperBatch, encodePaperBatchTx } from '@civic-budget/protocol/tx'
import { personRef } from '#voting/person_ref'
import { staffSigningKey } from '#voting/staff_keys'
import {
  checkPaperRules,
  parsePaperCsv,
  parsePaperFile,
  type ParsedSheets,
  type PaperLine,
  type PaperLineError,
} from '#voting/paper/paper_csv'
import {
  parseVoterFile,
  parseVoterList,
  type ParsedVoters,
  type Voter,
  type VoterKind,
  type VoterLineError,
} from '#voting/paper/voter_list'

/*
| Paper-ballot import (app/voting/README.md "Paper ballots"): one polling station's file becomes one
| `paper-batch` tx, signed by the importing staff member's key and the platform's admin key.
|
| The sheets (`csv`) and the station's voters (`voters`) are two separate lists, never joined by
| line: the same number of each, nothing that pairs a voter with a sheet. Marks are written in the
| order of their keyed reference, in one statement; sheets go on the ledger by sheet number.
|
| Both lists come as uploaded files (read as streams) or as text, and are parsed before any row is
| locked. `previewPaperBatch` checks everything and saves nothing. `importPaperBatch` repeats every check in
| ONE transaction with the campaign row locked FOR UPDATE (credential issuance reads it FOR SHARE, so
| an online request for the same person is wholly before — the voter is refused — or after — the
| request gets 409), then: the tx into the ledger outbox, the `paper_batches` row, one `paper` mark
| per voter in `credential_issuances` with its claim, the audit row. All or nothing.
*/
/** An uploaded file: streamed to a temporary path by `receiveUploads` (#shared/upload_intake). */
interface UploadedList {
  tmpPath?: string
}

export interface PaperImportInput {
  station: string
  batchNo: number
  voterKind: VoterKind
  /** The sheets as an uploaded file (read as a stream) or as text: `sheet;projects` lines. */
  file?: UploadedList | null
  csv?: string | null
  /** Who voted, a file or text: one phone or ID hash per line (none when `voterKind` is `none`). */
  votersFile?: UploadedList | null
  voters?: string | null
}

/** Stages in which paper ballots are accepted: while voting and after the close (late counts). */
const PAPER_STAGES = ['voting', 'results']

export type PaperCheck =
  | { outcome: 'ok'; lines: PaperLine[]; voters: Voter[] }
  | { outcome: 'bad_lines'; errors: PaperLineError[]; voterErrors: VoterLineError[] }
  /** The voter list's length differs from the number of sheets. */
  | { outcome: 'count_mismatch'; sheets: number; voters: number }
  /** A voter list, but the form says the station sends none. */
  | { outcome: 'voters_without_kind' }
  | { outcome: 'duplicate_batch' }
  | { outcome: 'closed' }

export type PaperImportResult =
  | Exclude<PaperCheck, { outcome: 'ok' }>
  | { outcome: 'ok'; batchId: number; txHash: string; sheets: number; voters: number }
  | { outcome: 'no_admin_key' }

export async function previewPaperBatch(
  campaign: Campaign,
  input: PaperImportInput
): Promise<PaperCheck> {
  const lists = await parseLists(input)
  return db.transaction((trx) => checkBatch(campaign, input, lists, trx))
}

interface ParsedLists {
  sheets: ParsedSheets
  /** null: the form says the station sends no voters. */
  voters: ParsedVoters | null
  votersGiven: boolean
}

/** Both lists read line by line, files as streams — before any row is locked. */
async function parseLists(input: PaperImportInput): Promise<ParsedLists> {
  const sheets = input.file?.tmpPath
    ? await parsePaperFile(input.file.tmpPath)
    : parsePaperCsv(input.csv ?? '')
  const votersPath = input.votersFile?.tmpPath
  const votersGiven = Boolean(votersPath) || (input.voters ?? '').trim() !== ''
  if (input.voterKind === 'none') return { sheets, voters: null, votersGiven }
  const voters = votersPath
    ? await parseVoterFile(votersPath, input.voterKind)
    : parseVoterList(input.voters ?? '', input.voterKind)
  return { sheets, voters, votersGiven }
}

async function checkBatch(
  campaign: Campaign,
  input: PaperImportInput,
  lists: ParsedLists,
  trx: TransactionClientContract
): Promise<PaperCheck> {
  if (!PAPER_STAGES.includes(campaign.stage)) return { outcome: 'closed' }
  const duplicate = await trx
    .from('paper_batches')
    .where({ campaign_id: campaign.id, station: input.station, batch_no: input.batchNo })
    .first()
  if (duplicate) return { outcome: 'duplicate_batch' }
  if (input.voterKind === 'none' && lists.votersGiven) return { outcome: 'voters_without_kind' }
  const { lines } = lists.sheets
  const definition = await campaignDefinition(campaign, trx)
  const errors = [...lists.sheets.errors, ...checkPaperRules(lines, definition)]
  const voters = lists.voters?.voters ?? []
  const voterErrors = [...(lists.voters?.errors ?? [])]
  if (input.voterKind !== 'none') {
    voterErrors.push(...(await alreadyVoted(campaign.id, voters, input.voterKind, trx)))
  }
  if (errors.length > 0 || voterErrors.length > 0) {
    const byLine = <T extends { line: number }>(a: T, b: T) => a.line - b.line
    return {
      outcome: 'bad_lines',
      errors: errors.sort(byLine),
      voterErrors: voterErrors.sort(byLine),
    }
  }
  if (input.voterKind !== 'none' && voters.length !== lines.length) {
    return { outcome: 'count_mismatch', sheets: lines.length, voters: voters.length }
  }
  return { outcome: 'ok', lines, voters }
}

/** Voters already holding a credential or a paper mark, in any channel, under the same reference. */
async function alreadyVoted(
  campaignId: number,
  voters: Voter[],
  kind: Exclude<VoterKind, 'none'>,
  trx: TransactionClientContract
): Promise<VoterLineError[]> {
  const refOf = new Map(voters.map((v) => [personRef(campaignId, kind, v.value), v.line]))
  const rows: { person_ref: string }[] = await trx
    .from('credential_person_refs')
    .where('campaign_id', campaignId)
    .whereIn('person_ref', [...refOf.keys()])
    .select('person_ref')
  return rows.map((r) => ({ line: refOf.get(r.person_ref)!, code: 'already_voted' as const }))
}

export async function importPaperBatch(
  actor: AuditActor & { type: 'staff'; id: number },
  campaignId: number,
  input: PaperImportInput
): Promise<PaperImportResult> {
  const admin = recordSigningKey('paper batches')
  if (!admin) return { outcome: 'no_admin_key' }
  const lists = await parseLists(input)
  return db.transaction(async (trx): Promise<PaperImportResult> => {
    const campaign = await Campaign.query({ client: trx })
      .where('id', campaignId)
      .forUpdate()
      .firstOrFail()
    const check = await checkBatch(campaign, input, lists, trx)
    if (check.outcome !== 'ok') return check
    const { lines } = check
    const batchBytes = encodePaperBatch({
      campaignId,
      station: input.station,
      batchNo: input.batchNo,
      // encodePaperBatch orders the sheets by number, not as the file had them
      sheets: lines.map((l) => ({ sheetNo: l.sheetNo, choices: l.choices })),
    })
    const operator = await staffSigningKey(actor.id, trx)
    let tx: Uint8Array
    try {
      tx = encodePaperBatchTx(batchBytes, operator.secretKey, admin.secretKey)
    } finally {
      operator.secretKey.fill(0)
    }
    const { txHash } = await enqueue('paper-batch', tx, trx)
    const [batch] = await trx
      .insertQuery()
      .table('paper_batches')
      .insert({
        campaign_id: campaignId,
        station: input.station,
        batch_no: input.batchNo,
        sheets: lines.length,
        tx_hash: txHash,
        operator_staff_id: actor.id,
        operator_public_key: operator.publicKey,
      })
      .returning('id')
    const batchId = Number(batch.id)
    if (input.voterKind !== 'none') {
      await markPaperVoters(trx, campaignId, batchId, input.voterKind, check.voters)
    }
    await audit.record(
      actor,
      'voting.paper_batch_imported',
      { type: 'paper_batches', id: batchId },
      {
        after: {
          campaignId,
          station: input.station,
          batchNo: input.batchNo,
          sheets: lines.length,
          voters: check.voters.length,
          txHash,
          operatorPublicKey: operator.publicKey,
        },
      },
      { client: trx }
    )
    return { outcome: 'ok', batchId, txHash, sheets: lines.length, voters: check.voters.length }
  })
}

/**
 * One `paper` mark per voter and its claim, each in ONE statement ordered by the keyed reference:
 * neither the file's order nor a serial id or an exact time is kept (ids are random UUIDs, the
 * time is the hour).
 */
async function markPaperVoters(
  trx: TransactionClientContract,
  campaignId: number,
  batchId: number,
  kind: Exclude<VoterKind, 'none'>,
  voters: Voter[]
): Promise<void> {
  if (voters.length === 0) return
  const refs = voters.map((v) => personRef(campaignId, kind, v.value)).sort()
  const marks: { id: string; person_ref: string }[] = await trx
    .table('credential_issuances')
    .multiInsert(
      refs.map((ref) => ({
        campaign_id: campaignId,
        person_ref: ref,
        channel: 'paper',
        paper_batch_id: batchId,
        issued_at: trx.raw(`date_trunc('hour', now())`),
      }))
    )
    .returning(['id', 'person_ref'])
  const idOf = new Map(marks.map((m) => [m.person_ref, m.id]))
  await trx
    .table('credential_person_refs')
    .multiInsert(
      refs.map((ref) => ({ campaign_id: campaignId, person_ref: ref, issuance_id: idOf.get(ref)! }))
    )
}
