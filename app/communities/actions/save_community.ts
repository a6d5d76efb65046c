/*
| Create / update (including move) / delete one community, each in one
| transaction. Invariant: the hierarchy stays a forest — a community is never
| moved under itself or one of its descendants. Moves serialize on one
| transaction-scoped advisory lock so two concurrent moves cannot form a cycle.
*/
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Community from '#communities/models/community'
import type { CommunityData } from '#communities/validators/community_validators'
import { ancestorsOf } from '#communities/community_tree'
import { audit } from '#shared/audit'

export const TREE_LOCK_KEY = 'civic-budget/communities/tree'

export async function lockTree(trx: TransactionClientContract) {
  await trx.rawQuery('SELECT pg_advisory_xact_lock(hashtext(?))', [TREE_LOCK_KEY])
}

export function communitySnapshot(community: Community) {
  return {
    code: community.code,
    name: community.name,
    kind: community.kind,
    parentId: community.parentId,
    population: community.population,
  }
}

export type SaveCommunityOutcome =
  | { outcome: 'ok'; community: Community }
  | { outcome: 'code_taken' }
  | { outcome: 'unknown_parent' }
  | { outcome: 'cycle' }
  | { outcome: 'not_found' }

async function checkCode(trx: TransactionClientContract, code: string, exceptId?: number) {
  const query = trx.from('communities').whereRaw('lower(code) = lower(?)', [code])
  if (exceptId) query.whereNot('id', exceptId)
  return !(await query.first())
}

export async function createCommunity(
  ctx: HttpContext,
  data: CommunityData
): Promise<SaveCommunityOutcome> {
  const parentId = data.parentId ?? null
  return db.transaction(async (trx) => {
    await lockTree(trx)
    if (!(await checkCode(trx, data.code))) return { outcome: 'code_taken' as const }
    if (parentId !== null && !(await trx.from('communities').where('id', parentId).first())) {
      return { outcome: 'unknown_parent' as const }
    }
    const community = await Community.create(
      { code: data.code, name: data.name, kind: data.kind, parentId, population: data.population },
      { client: trx }
    )
    await audit.record(
      ctx,
      'community.created',
      { type: 'community', id: community.id },
      { after: communitySnapshot(community) },
      { client: trx }
    )
    return { outcome: 'ok' as const, community }
  })
}

export async function updateCommunity(
  ctx: HttpContext,
  id: number,
  data: CommunityData
): Promise<SaveCommunityOutcome> {
  const parentId = data.parentId ?? null
  return db.transaction(async (trx) => {
    await lockTree(trx)
    const community = await Community.query({ client: trx }).where('id', id).forUpdate().first()
    if (!community) return { outcome: 'not_found' as const }
    if (!(await checkCode(trx, data.code, id))) return { outcome: 'code_taken' as const }
    if (parentId !== null) {
      if (!(await trx.from('communities').where('id', parentId).first())) {
        return { outcome: 'unknown_parent' as const }
      }
      const chain = await ancestorsOf(parentId, { client: trx })
      if (chain.some((node) => node.id === id)) return { outcome: 'cycle' as const }
    }
    const before = communitySnapshot(community)
    community.merge({
      code: data.code,
      name: data.name,
      kind: data.kind,
      parentId,
      population: data.population,
    })
    await community.useTransaction(trx).save()
    await audit.record(
      ctx,
      before.parentId !== parentId ? 'community.moved' : 'community.updated',
      { type: 'community', id: community.id },
      { before, after: communitySnapshot(community) },
      { client: trx }
    )
    return { outcome: 'ok' as const, community }
  })
}

/** Tables (other than the hierarchy itself) whose foreign keys point at communities.id. */
async function referencingColumns(client: TransactionClientContract) {
  const result = await client.rawQuery(
    `SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.confrelid = 'communities'::regclass`
  )
  return (result.rows as { table_name: string; column_name: string }[]).filter(
    (row) => !(row.table_name === 'communities' && row.column_name === 'parent_id')
  )
}

export type DeleteCommunityOutcome =
  | { outcome: 'ok' }
  | { outcome: 'not_found' }
  | { outcome: 'has_children' }
  | { outcome: 'referenced'; tables: string[] }

/** Deletes a leaf community nothing refers to (staff grants, residents, campaigns, …). */
export async function deleteCommunity(
  ctx: HttpContext,
  id: number
): Promise<DeleteCommunityOutcome> {
  return db.transaction(async (trx) => {
    await lockTree(trx)
    const community = await Community.query({ client: trx }).where('id', id).forUpdate().first()
    if (!community) return { outcome: 'not_found' as const }
    if (await trx.from('communities').where('parent_id', id).first()) {
      return { outcome: 'has_children' as const }
    }
    const tables: string[] = []
    for (const ref of await referencingColumns(trx)) {
      const row = await trx.from(ref.table_name).where(ref.column_name, id).first()
      if (row) tables.push(ref.table_name)
    }
    if (tables.length > 0) return { outcome: 'referenced' as const, tables: [...new Set(tables)] }
    const before = communitySnapshot(community)
    await community.useTransaction(trx).delete()
    await audit.record(
      ctx,
      'community.deleted',
      { type: 'community', id },
      { before },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}
