import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import audit, { type AuditActor } from '#shared/audit'
import Campaign from '#campaigns/models/campaign'
import { campaignDefinition } from '#voting/campaign_record'
import { enqueue } from '#ledger/outbox/outbox'
import { recordSigningKey } from '#ledger/record'
import { encodePaperBatch, encodePaperBatchTx } from '@civic-budget/protocol/tx'
import { paperPersonRef, residentRef, terminalPersonRef } from '#voting/person_ref'
import { staffSigningKey } from '#voting/staff_keys'
import {
  checkPaperRules,
  parsePaperCsv,
  type PaperLine,
  type PaperLineError,
  type VoterKind,
} from '#voting/paper/paper_csv'

/*
| Paper-ballot import (app/voting/README.md "Paper ballots"): one polling station's file becomes one
| `paper-batch` tx, signed by the importing staff member's key and the platform's admin key.
|
| `previewPaperBatch` checks everything and saves nothing. `importPaperBatch` repeats every check in
| ONE transaction with the campaign row locked FOR UPDATE (credential issuance reads it FOR SHARE, so
| an online request for the same person is wholly before — the line is refused — or after — the
| request gets 409), then: the tx into the ledger outbox, the `paper_batches` row, one `paper` mark
| per voter in `credential_issuances`, the audit row. All or nothing.
*/
export interface PaperImportInput {
  station: string
  batchNo: number
  voterKind: VoterKind
  csv: string
}

/** Stages in which paper ballots are accepted: while voting and after the close (late counts). */
const PAPER_STAGES = ['voting', 'results']

export type PaperCheck =
  | { outcome: 'ok'; lines: PaperLine[] }
  | { outcome: 'bad_lines'; errors: PaperLineError[] }
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
  return db.transaction((trx) => checkBatch(campaign, input, trx))
}

async function checkBatch(
  campaign: Campaign,
  input: PaperImportInput,
  trx: TransactionClientContract
): Promise<PaperCheck> {
  if (!PAPER_STAGES.includes(campaign.stage)) return { outcome: 'closed' }
  const duplicate = await trx
    .from('paper_batches')
    .where({ campaign_id: campaign.id, station: input.station, batch_no: input.batchNo })
    .first()
  if (duplicate) return { outcome: 'duplicate_batch' }
  const { lines, errors } = parsePaperCsv(input.csv, input.voterKind)
  const definition = await campaignDefinition(campaign, trx)
  errors.push(...checkPaperRules(lines, definition))
  if (input.voterKind !== 'none')
    errors.push(...(await alreadyVoted(campaign.id, lines, input.voterKind, trx)))
  if (errors.length > 0)
    return { outcome: 'bad_lines', errors: errors.sort((a, b) => a.line - b.line) }
  return { outcome: 'ok', lines }
}

/** Marks a voter may already have: own paper mark, an online credential, a terminal credential. */
async function alreadyVoted(
  campaignId: number,
  lines: PaperLine[],
  kind: Exclude<VoterKind, 'none'>,
  trx: TransactionClientContract
): Promise<PaperLineError[]> {
  const refsOf = new Map<number, string[]>()
  for (const l of lines) refsOf.set(l.line, [paperPersonRef(kind, l.voter!)])
  if (kind === 'phone') {
    const residents: { id: number; phone_e164: string }[] = await trx
      .from('residents')
      .whereIn(
        'phone_e164',
        lines.map((l) => l.voter!)
      )
      .select('id', 'phone_e164')
    const byPhone = new Map(residents.map((r) => [r.phone_e164, r.id]))
    for (const l of lines) {
      const id = byPhone.get(l.voter!)
      if (id !== undefined) refsOf.get(l.line)!.push(residentRef(id))
    }
  } else {
    // Terminals of census-only campaigns send the register's ID hash as their personKey.
    const terminals: { id: number }[] = await trx.from('terminals').select('id')
    for (const l of lines) {
      for (const t of terminals) refsOf.get(l.line)!.push(terminalPersonRef(t.id, l.voter!))
    }
  }
  const all = [...refsOf.values()].flat()
  const taken = new Set<string>()
  for (let i = 0; i < all.length; i += 5000) {
    const rows: { person_ref: string }[] = await trx
      .from('credential_issuances')
      .where('campaign_id', campaignId)
      .whereIn('person_ref', all.slice(i, i + 5000))
      .select('person_ref')
    for (const r of rows) taken.add(r.person_ref)
  }
  return lines
    .filter((l) => refsOf.get(l.line)!.some((ref) => taken.has(ref)))
    .map((l) => ({ line: l.line, code: 'already_voted' as const }))
}

export async function importPaperBatch(
  actor: AuditActor & { type: 'staff'; id: number },
  campaignId: number,
  input: PaperImportInput
): Promise<PaperImportResult> {
  const admin = recordSigningKey('paper batches')
  if (!admin) return { outcome: 'no_admin_key' }
  return db.transaction(async (trx): Promise<PaperImportResult> => {
    const campaign = await Campaign.query({ client: trx })
      .where('id', campaignId)
      .forUpdate()
      .firstOrFail()
    const check = await checkBatch(campaign, input, trx)
    if (check.outcome !== 'ok') return check
    const { lines } = check
    const batchBytes = encodePaperBatch({
      campaignId,
      station: input.station,
      batchNo: input.batchNo,
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
    const voters = lines.filter((l) => l.voter !== null)
    if (input.voterKind !== 'none' && voters.length > 0) {
      await trx.table('credential_issuances').multiInsert(
        voters.map((l) => ({
          campaign_id: campaignId,
          person_ref: paperPersonRef(input.voterKind as 'phone' | 'id_hash', l.voter!),
          channel: 'paper',
          paper_batch_id: batchId,
          issued_at: trx.raw(`date_trunc('hour', now())`),
        }))
      )
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
          voters: voters.length,
          txHash,
          operatorPublicKey: operator.publicKey,
        },
      },
      { client: trx }
    )
    return { outcome: 'ok', batchId, txHash, sheets: lines.length, voters: voters.length }
  })
}
