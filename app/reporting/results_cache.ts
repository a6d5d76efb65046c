import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { Stage } from '#campaigns/stages'
import { isPublicStage, stageIndex } from '#campaigns/stages'
import { projectionHeightSql } from '#ledger/projection/projector'
import { rowId } from '#shared/row_id'
import { resultsGeneration } from '#shared/results_changes'

/*
| The public results at voting-night load (app/reporting/README.md "Results cache"): the API, the
| page and the embed are computed once per *version* of a campaign's results and reused by every
| request until the version changes. The version is read with ONE indexed query: the projection
| height (a new projected block may change the tallies), the campaign's stage, live-results switch
| and `updated_at`, and the outcome's `version` (raised by a trigger on publication and overrides,
| migration 0130). That read is itself kept for at most VERSION_MAX_AGE_MS, and dropped at once
| when this process commits a change the results depend on (`#shared/results_changes`: the
| projector, campaign and outcome saves); another process's change is seen when it ages out.
|
| Only campaigns from voting on are cached: before voting the project list may still change without
| the version changing (and nobody is voting, so nobody is loading the page).
*/

export interface ResultsVersion {
  campaignId: number
  stage: Stage
  liveResultsPublic: boolean
  height: number
  /** null: not cacheable (before voting); compute per request. */
  key: string | null
}

interface Entry {
  key: string
  height: number
  value: Promise<unknown>
}

/** Entries are per campaign, kind and locale: a few per live campaign. */
const MAX_ENTRIES = 512
const entries = new Map<string, Entry>()

const VERSION_SQL = `
  SELECT c.id, c.stage, c.live_results_public,
         (extract(epoch FROM c.updated_at) * 1000)::bigint AS campaign_at,
         ${projectionHeightSql()} AS height,
         (SELECT o.version FROM campaign_outcomes o WHERE o.campaign_id = c.id) AS outcome_version
    FROM campaigns c`

/** How long a version read may be reused: the most another process's change can stay unseen. */
export const VERSION_MAX_AGE_MS = 250

interface VersionRead {
  at: number
  generation: number
  value: Promise<ResultsVersion | null>
}
const versionReads = new Map<string, VersionRead>()

/**
 * The results version of a public campaign by id or slug; null when it is unknown or a draft.
 * Concurrent requests share one query; its answer is reused while younger than VERSION_MAX_AGE_MS
 * and nothing in this process changed the results meanwhile.
 */
export function resultsVersion(
  by: { id: number } | { slug: string }
): Promise<ResultsVersion | null> {
  const id = 'id' in by ? `id:${by.id}` : `slug:${by.slug}`
  const now = Date.now()
  const generation = resultsGeneration()
  const read = versionReads.get(id)
  if (read && read.generation === generation && now - read.at < VERSION_MAX_AGE_MS) {
    return read.value
  }
  const value = readVersion(by)
  value.catch(() => {
    if (versionReads.get(id)?.value === value) versionReads.delete(id)
  })
  // Unknown slugs are kept too (briefly): bounded, as anyone can make up ids.
  if (!read && versionReads.size >= MAX_ENTRIES * 4) versionReads.clear()
  versionReads.set(id, { at: now, generation, value })
  return value
}

async function readVersion(by: { id: number } | { slug: string }): Promise<ResultsVersion | null> {
  const [column, value] = 'id' in by ? ['c.id', by.id] : ['c.slug', by.slug]
  const result = await db.rawQuery(`${VERSION_SQL} WHERE ${column} = ?`, [value])
  const row = result.rows[0]
  if (!row || !isPublicStage(row.stage)) return null
  const stage = row.stage as Stage
  const height = Number(row.height ?? 0)
  const cacheable = stageIndex(stage) >= stageIndex('voting')
  return {
    campaignId: Number(row.id),
    stage,
    liveResultsPublic: Boolean(row.live_results_public),
    height,
    key: cacheable
      ? [height, stage, row.live_results_public, row.campaign_at, row.outcome_version ?? '-'].join(
          '|'
        )
      : null,
  }
}

/** The version of the campaign `ref` names: its id or its slug (as `GET /api/v1/campaigns/:ref`). */
export async function resultsVersionByRef(ref: string): Promise<ResultsVersion | null> {
  const id = rowId(ref)
  const byId = id === null ? null : await resultsVersion({ id })
  if (byId) return byId
  return ref.length <= 80 ? resultsVersion({ slug: ref.toLowerCase() }) : null
}

/**
 * The value of `compute` for this version, computed once per version and name (`name` holds what
 * else the value depends on: the campaign, the kind of answer, the locale). Concurrent requests
 * share one computation; a failure is not kept.
 */
export function cachedForVersion<T>(
  version: ResultsVersion,
  name: string,
  compute: () => Promise<T>
): Promise<T> {
  if (version.key === null) return compute()
  const id = `${version.campaignId}:${name}`
  const cached = entries.get(id)
  if (cached && cached.key === version.key) return cached.value as Promise<T>
  const value = compute()
  // A request that read the version just before a newer one was cached does not replace it.
  if (cached && cached.height > version.height) return value
  value.catch(() => {
    if (entries.get(id)?.value === value) entries.delete(id)
  })
  if (!cached && entries.size >= MAX_ENTRIES) entries.clear()
  entries.set(id, { key: version.key, height: version.height, value })
  return value
}

/** Cache-Control of the results API: any cache may keep it, revalidating each time (ETag). */
export const RESULTS_CACHE_CONTROL = 'public, no-cache'

/** The API's answer of one version, serialized once: the JSON text and its validator. */
export interface SerializedAnswer {
  json: string
  /** Weak: the same JSON is sent plain, gzip or brotli (RFC 9110 8.8.3). */
  etag: string
}

export function serializedAnswer(value: unknown): SerializedAnswer {
  const json = JSON.stringify(value)
  const digest = createHash('sha256').update(json).digest('base64url').slice(0, 27)
  return { json, etag: `W/"${digest}"` }
}

/** Whether an If-None-Match header matches `etag` (weak comparison, RFC 9110 13.1.2). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque)
}
