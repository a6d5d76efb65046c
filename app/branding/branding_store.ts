/*
| The city's branding (one row, `city_branding`), read on every page for the shared props.
|
| Invariants: pages read it from memory — loaded once, then again at most every CACHE_MS (other
| app nodes catch up within that time) and at once in the process that saved a change; every
| change runs in one transaction with the row locked and writes its audit row in it.
*/
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { audit, type AuditActor } from '#shared/audit'

export const LANGUAGES = ['en', 'ru', 'uk'] as const
export type Language = (typeof LANGUAGES)[number]
export type Translated = Partial<Record<Language, string>>

export interface FooterLink {
  label: Translated
  url: string
}

export interface StoredLogo {
  key: string
  width: number
  height: number
}

export interface Branding {
  name: Translated
  logo: StoredLogo | null
  primaryColor: string | null
  footerLinks: FooterLink[]
}

export const NO_BRANDING: Branding = { name: {}, logo: null, primaryColor: null, footerLinks: [] }

/** How long another app node may show the branding it read before a change. */
const CACHE_MS = 30_000
const SUBJECT = { type: 'city_branding', id: 1 }

let cached: { at: number; value: Promise<Branding> } | null = null

interface Row {
  name: Translated
  logo_drive_key: string | null
  logo_width: number | null
  logo_height: number | null
  primary_color: string | null
  footer_links: FooterLink[]
}

function fromRow(row: Row | undefined): Branding {
  if (!row) return NO_BRANDING
  return {
    name: row.name ?? {},
    logo: row.logo_drive_key
      ? { key: row.logo_drive_key, width: row.logo_width ?? 0, height: row.logo_height ?? 0 }
      : null,
    primaryColor: row.primary_color,
    footerLinks: row.footer_links ?? [],
  }
}

async function read(client: TransactionClientContract | typeof db = db, lock = false) {
  const query = client.from('city_branding').where('id', 1)
  if (lock) query.forUpdate()
  return fromRow(await query.first())
}

/** The current branding (from memory when fresh). */
export function currentBranding(): Promise<Branding> {
  const now = Date.now()
  if (!cached || now - cached.at > CACHE_MS) {
    const value = read()
    cached = { at: now, value }
    // A failed read is not kept: the next page tries again.
    value.catch(() => {
      if (cached?.value === value) cached = null
    })
  }
  return cached.value
}

/**
 * Changes whenever the copy in memory is read again (at most every CACHE_MS, or at once after a
 * change in this process), starting that read when the copy is stale: what keeps a whole page with
 * the branding in it (`#reporting/results_replay`) makes the page again when the stamp moves.
 */
export function brandingStamp(): number {
  currentBranding().catch(() => {})
  return cached?.at ?? 0
}

/** Drops the copy in memory (after a change, and in tests that write the table directly). */
export function forgetCachedBranding() {
  cached = null
}

/**
 * Applies `change` to the locked row (made on first use) and records `action` in the audit log
 * with the fields that changed, before and after; returns the branding before and after.
 */
export async function changeBranding(
  actor: AuditActor,
  action: string,
  change: (before: Branding) => Partial<Branding>
): Promise<{ before: Branding; after: Branding }> {
  try {
    return await db.transaction(async (trx) => {
      let before = await read(trx, true)
      // Nothing to change (e.g. removing a logo there is not) stores nothing, not even the row.
      if (Object.keys(changed(before, { ...before, ...change(before) }).after).length === 0) {
        return { before, after: before }
      }
      await trx.rawQuery(
        `INSERT INTO city_branding (id, updated_at) VALUES (1, now()) ON CONFLICT (id) DO NOTHING`
      )
      before = await read(trx, true)
      const after = { ...before, ...change(before) }
      await trx
        .from('city_branding')
        .where('id', 1)
        .update({
          name: JSON.stringify(after.name),
          logo_drive_key: after.logo?.key ?? null,
          logo_width: after.logo?.width ?? null,
          logo_height: after.logo?.height ?? null,
          primary_color: after.primaryColor,
          footer_links: JSON.stringify(after.footerLinks),
          updated_at: new Date(),
        })
      const changes = changed(before, after)
      // A save that a concurrent one made moot is no change to record.
      if (Object.keys(changes.after).length > 0) {
        await audit.record(actor, action, SUBJECT, changes, { client: trx })
      }
      return { before, after }
    })
  } finally {
    forgetCachedBranding()
  }
}

/** Only the fields that changed, before and after (the audit row stays short). */
function changed(before: Branding, after: Branding) {
  const was: Record<string, unknown> = {}
  const is: Record<string, unknown> = {}
  for (const key of Object.keys(after) as (keyof Branding)[]) {
    if (canonical(before[key]) === canonical(after[key])) continue
    was[key] = before[key]
    is[key] = after[key]
  }
  return { before: was, after: is }
}

/** JSON with object keys sorted: PostgreSQL's jsonb gives keys back in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner
  )
}
