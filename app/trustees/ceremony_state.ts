import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import { ceremonyState, type CeremonyState } from '@civic-budget/protocol/trustee'
import type { CeremonyOutcome } from '@civic-budget/protocol/dkg'

/*
| A campaign's key ceremony as stored: its row, its trustees and the records the app accepted from
| them (with their outbox rows' status). Records the replicas refused do not exist for the ceremony;
| `committedOnly` is what completion counts (only what is on the ledger decides the election key).
*/
export const CEREMONY_STATUSES = ['keys', 'dealing', 'review', 'complete', 'failed'] as const
export type CeremonyStatus = (typeof CEREMONY_STATUSES)[number]

export type CeremonyKind = 'trustee-key' | 'dkg-dealing' | 'dkg-complaint'

export interface CeremonyRow {
  campaignId: number
  threshold: number
  trustees: number
  status: CeremonyStatus
  deadlineAt: Date | null
  electionKey: string | null
  paddedLength: number | null
  outcome: (CeremonyOutcome & { reason?: string }) | null
  completedAt: Date | null
  /** How many times the ceremony was started again (`ceremony-restart` records). */
  restarts: number
}

export interface TrusteeEntry {
  id: number
  index: number
  name: string
  ceremonyKey: string | null
  reviewedAt: Date | null
}

export interface StoredRecord {
  kind: CeremonyKind
  trusteeIndex: number
  payload: Uint8Array
  txHash: string
  outboxStatus: 'queued' | 'submitted' | 'committed'
}

export interface StoredCeremony {
  ceremony: CeremonyRow
  trustees: TrusteeEntry[]
  records: StoredRecord[]
}

type Client = TransactionClientContract | typeof db

function toCeremony(row: any): CeremonyRow {
  return {
    campaignId: row.campaign_id,
    threshold: row.threshold,
    trustees: row.trustees,
    status: row.status,
    deadlineAt: row.deadline_at,
    electionKey: row.election_key,
    paddedLength: row.padded_length,
    outcome: row.outcome,
    completedAt: row.completed_at,
    restarts: row.restarts,
  }
}

/**
 * The ceremony's row locked FOR UPDATE inside `trx` (or null for a clear campaign): every change to
 * a ceremony takes this lock first, so two changes never interleave.
 */
export async function lockCeremonyRow(
  trx: TransactionClientContract,
  campaignId: number
): Promise<CeremonyRow | null> {
  const row = await trx
    .from('campaign_ceremonies')
    .where('campaign_id', campaignId)
    .forUpdate()
    .first()
  return row ? toCeremony(row) : null
}

/** The ceremony of a campaign, or null for a clear campaign. `lock`: its row FOR UPDATE. */
export async function loadCeremony(
  campaignId: number,
  client: Client = db,
  options: { lock?: boolean } = {}
): Promise<StoredCeremony | null> {
  const query = client.from('campaign_ceremonies').where('campaign_id', campaignId)
  if (options.lock) query.forUpdate()
  const row = await query.first()
  if (!row) return null
  const trustees = await client
    .from('campaign_trustees')
    .where('campaign_id', campaignId)
    .orderBy('index')
    .select('id', 'index', 'name', 'ceremony_key', 'reviewed_at')
  const records = await client
    .from('ceremony_records as r')
    .join('ledger_outbox as o', 'o.tx_hash', 'r.tx_hash')
    .where('r.campaign_id', campaignId)
    .whereIn('r.kind', ['trustee-key', 'dkg-dealing', 'dkg-complaint'])
    .whereNot('o.status', 'rejected')
    .orderBy('r.id')
    .select('r.kind', 'r.trustee_index', 'r.payload', 'r.tx_hash', 'o.status')
  return {
    ceremony: toCeremony(row),
    trustees: trustees.map((t: any) => ({
      id: t.id,
      index: t.index,
      name: t.name,
      ceremonyKey: t.ceremony_key,
      reviewedAt: t.reviewed_at,
    })),
    records: records.map((r: any) => ({
      kind: r.kind,
      trusteeIndex: r.trustee_index,
      payload: new Uint8Array(r.payload),
      txHash: r.tx_hash,
      outboxStatus: r.status,
    })),
  }
}

/** Records by kind, in the order they were accepted. */
export function recordsOf(stored: StoredCeremony, kind: CeremonyKind, committedOnly = false) {
  return stored.records.filter(
    (r) => r.kind === kind && (!committedOnly || r.outboxStatus === 'committed')
  )
}

/** The records as the trustee API shows them (hex bytes; keys by trustee index). */
export function recordsView(stored: StoredCeremony, committedOnly = false) {
  const { ceremony } = stored
  const keys: (string | null)[] = Array.from({ length: ceremony.trustees }, () => null)
  for (const record of recordsOf(stored, 'trustee-key', committedOnly)) {
    keys[record.trusteeIndex - 1] = bytesToHex(record.payload)
  }
  return {
    campaignId: ceremony.campaignId,
    threshold: ceremony.threshold,
    trustees: ceremony.trustees,
    keys,
    dealings: recordsOf(stored, 'dkg-dealing', committedOnly).map((r) => bytesToHex(r.payload)),
    complaints: recordsOf(stored, 'dkg-complaint', committedOnly).map((r) => bytesToHex(r.payload)),
  }
}

/** The decoded records (the app stored only records it had decoded and checked). */
export function decodedState(stored: StoredCeremony, committedOnly = false): CeremonyState {
  return ceremonyState(recordsView(stored, committedOnly))
}

/** Dealers with a dealing on record. */
export function dealers(stored: StoredCeremony): Set<number> {
  return new Set(recordsOf(stored, 'dkg-dealing').map((r) => r.trusteeIndex))
}

export function deadlinePassed(ceremony: CeremonyRow, now = new Date()): boolean {
  return ceremony.deadlineAt !== null && ceremony.deadlineAt.getTime() <= now.getTime()
}

/** Whether a ceremony record is still on its way (neither committed nor refused). */
export function hasPendingRecords(stored: StoredCeremony): boolean {
  return stored.records.some((r) => r.outboxStatus !== 'committed')
}

/**
 * The ceremony's opening record (`trustees`, or the last `ceremony-restart`) and whether any
 * ceremony record of the campaign, of any kind, is still on its way to the ledger.
 */
export async function ledgerProgress(campaignId: number, client: Client = db) {
  const rows = await client
    .from('ceremony_records as r')
    .join('ledger_outbox as o', 'o.tx_hash', 'r.tx_hash')
    .where('r.campaign_id', campaignId)
    .whereIn('o.status', ['queued', 'submitted'])
    .select('r.kind')
  return {
    anyPending: rows.length > 0,
    restartPending: rows.some((r: { kind: string }) => r.kind === 'ceremony-restart'),
  }
}
