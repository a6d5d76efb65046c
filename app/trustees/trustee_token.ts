import { createHash, randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'

/*
| A trustee's invite token: 32 random bytes (base64url) shown once to the admin who names the trustee,
| sent by the trustee as `Authorization: Bearer <token>` from the trustee page or CLI. Only its SHA-256
| (hex) is stored (`campaign_trustees.token_hash`), so a database reader cannot act as a trustee.
*/
export interface TrusteeRow {
  id: number
  campaignId: number
  index: number
  name: string
  ceremonyKey: string | null
  reviewedAt: Date | null
}

export function newTrusteeToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: trusteeTokenHash(token) }
}

export function trusteeTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

const TRUSTEE_COLUMNS = ['id', 'campaign_id', 'index', 'name', 'ceremony_key', 'reviewed_at']

function trusteeRowOf(row: Record<string, any>): TrusteeRow {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    index: row.index,
    name: row.name,
    ceremonyKey: row.ceremony_key,
    reviewedAt: row.reviewed_at,
  }
}

/** The trustee a bearer token belongs to, or null (unknown, malformed or absent token). */
export async function trusteeByToken(token: string | undefined | null): Promise<TrusteeRow | null> {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const row = await db
    .from('campaign_trustees')
    .where('token_hash', trusteeTokenHash(token))
    .select(TRUSTEE_COLUMNS)
    .first()
  return row ? trusteeRowOf(row) : null
}

/** A campaign's trustees, index order (the demo trustees act through these rows). */
export async function trusteesOf(campaignId: number): Promise<TrusteeRow[]> {
  const rows = await db
    .from('campaign_trustees')
    .where('campaign_id', campaignId)
    .orderBy('index')
    .select(TRUSTEE_COLUMNS)
  return rows.map(trusteeRowOf)
}
