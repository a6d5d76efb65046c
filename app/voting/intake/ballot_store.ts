import db from '@adonisjs/lucid/services/db'

/*
| The `ballots` table (migration 0060): the intake's durable memory. No personal data, no IP.
*/
export type BallotStatus = 'pending' | 'committed' | 'rejected'

export interface BallotRow {
  ballotHash: string
  campaignId: number
  voterKey: string
  txHash: string
  tx: Uint8Array
  channel: 'online' | 'terminal'
  terminalId: number | null
  status: BallotStatus
  reason: string | null
  height: number | null
  receipt: Record<string, unknown> | null
  createdAt: Date
}

export type NewBallot = Pick<
  BallotRow,
  'ballotHash' | 'campaignId' | 'voterKey' | 'txHash' | 'tx' | 'channel' | 'terminalId'
>

function toRow(r: any): BallotRow {
  return {
    ballotHash: r.ballot_hash,
    campaignId: Number(r.campaign_id),
    voterKey: r.voter_key,
    txHash: r.tx_hash,
    tx: new Uint8Array(r.tx),
    channel: r.channel,
    terminalId: r.terminal_id === null ? null : Number(r.terminal_id),
    status: r.status,
    reason: r.reason,
    height: r.height === null ? null : Number(r.height),
    receipt: r.receipt,
    createdAt: r.created_at,
  }
}

export async function findBallot(ballotHash: string): Promise<BallotRow | null> {
  const row = await db.from('ballots').where('ballot_hash', ballotHash).first()
  return row ? toRow(row) : null
}

/**
 * Inserts pending rows; returns the ballot hashes actually inserted. A row is skipped when its
 * ballot already exists (a retry) or its voter key already has a live ballot (partial unique
 * index `ballots_one_live_per_voter`).
 */
export async function insertPending(ballots: NewBallot[]): Promise<Set<string>> {
  if (ballots.length === 0) return new Set()
  const rows = ballots.map((b) => ({
    ballot_hash: b.ballotHash,
    campaign_id: b.campaignId,
    voter_key: b.voterKey,
    tx_hash: b.txHash,
    tx: Buffer.from(b.tx),
    channel: b.channel,
    terminal_id: b.terminalId,
    status: 'pending',
  }))
  const inserted = await db
    .insertQuery()
    .table('ballots')
    .insert(rows)
    .knexQuery.onConflict()
    .ignore()
    .returning('ballot_hash')
  return new Set(inserted.map((r: { ballot_hash: string }) => r.ballot_hash))
}

export interface Committed {
  ballotHash: string
  height: number
  receipt: Record<string, unknown>
}

/**
 * Records the ledger's commits, one statement for the whole batch (arrays unnested into rows). A
 * row already committed is left as it is (its receipt came first).
 */
export async function markCommitted(commits: Committed[]) {
  if (commits.length === 0) return
  await db.rawQuery(
    `UPDATE ballots AS b
        SET status = 'committed', height = v.height, receipt = v.receipt, reason = NULL,
            updated_at = ?
       FROM unnest(?::text[], ?::bigint[], ?::jsonb[]) AS v(ballot_hash, height, receipt)
      WHERE b.ballot_hash = v.ballot_hash AND b.status <> 'committed'`,
    [
      new Date(),
      commits.map((c) => c.ballotHash),
      commits.map((c) => c.height),
      commits.map((c) => JSON.stringify(c.receipt)),
    ]
  )
}

export interface Rejected {
  ballotHash: string
  reason: string
}

/** Records the ledger's rejections, one statement per batch; only pending rows change. */
export async function markRejected(rejections: Rejected[]) {
  if (rejections.length === 0) return
  await db.rawQuery(
    `UPDATE ballots AS b
        SET status = 'rejected', reason = v.reason, updated_at = ?
       FROM unnest(?::text[], ?::text[]) AS v(ballot_hash, reason)
      WHERE b.ballot_hash = v.ballot_hash AND b.status = 'pending'`,
    [new Date(), rejections.map((r) => r.ballotHash), rejections.map((r) => r.reason.slice(0, 500))]
  )
}

/** What an actor rebuilds from: the campaign's live voter keys and its pending ballots. */
export async function liveBallotsOf(campaignId: number) {
  const voters = await db
    .from('ballots')
    .where('campaign_id', campaignId)
    .whereIn('status', ['pending', 'committed'])
    .select('voter_key', 'ballot_hash')
  const pending = await db
    .from('ballots')
    .where('campaign_id', campaignId)
    .where('status', 'pending')
  return {
    voters: voters.map((r) => [r.voter_key as string, r.ballot_hash as string] as const),
    pending: pending.map(toRow),
  }
}

/** Campaigns with pending ballots (boot: their actors resume following them). */
export async function campaignsWithPending(): Promise<number[]> {
  const rows = await db.from('ballots').where('status', 'pending').distinct('campaign_id')
  return rows.map((r) => Number(r.campaign_id))
}
