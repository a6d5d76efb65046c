import { DateTime } from 'luxon'
import { audit, type AuditActor } from '#shared/audit'
import Community from '#communities/models/community'
import CensusEntry from '#campaigns/models/census_entry'
import { parseCensusCsv, parseCensusFile, type CensusLineError } from '#campaigns/services/census'
import { subtreeIds } from '#communities/community_tree'
import { CENSUS_LINES_MAX, type CensusImportInput } from '#campaigns/validators/settings_validators'
import { invalid, type Invalid, type NotFound } from '#shared/actions'
import { withLockedCampaign } from '#campaigns/actions/locked_campaign'
import { stageIndex } from '#campaigns/stages'

export type ImportCensusResult =
  | { outcome: 'ok'; added: number; alreadyPresent: number; removed: number }
  | { outcome: 'bad_lines'; errors: CensusLineError[] }
  | { outcome: 'closed' }
  | Invalid
  | NotFound

const INSERT_CHUNK = 1000

/**
 * Imports a census register from CSV: an uploaded file (read as a stream) or pasted text. Every
 * line is checked first; if any line is bad, the per-line errors come back and nothing is saved.
 * Values are stored only as HMACs. `replace` clears the register of that kind first.
 * Closed once voting has ended.
 */
export default async function importCensus(
  actor: AuditActor,
  campaignId: number,
  input: CensusImportInput
): Promise<ImportCensusResult> {
  const parsed = input.file?.tmpPath
    ? await parseCensusFile(input.kind, input.file.tmpPath, CENSUS_LINES_MAX)
    : parseCensusCsv(input.kind, input.csv ?? '', CENSUS_LINES_MAX)

  return withLockedCampaign(campaignId, async (campaign, trx) => {
    if (stageIndex(campaign.stage) > stageIndex('voting')) return { outcome: 'closed' as const }

    const allowed = await subtreeIds(campaign.communityId, trx)
    const defaultDistrict = input.districtId ?? null
    if (defaultDistrict !== null && !allowed.includes(defaultDistrict)) {
      return invalid({ field: 'districtId', rule: 'district_outside' })
    }
    const codes = [...new Set(parsed.entries.map((entry) => entry.districtCode).filter(Boolean))]
    const communities = codes.length
      ? await Community.query({ client: trx }).whereIn('code', codes as string[])
      : []
    const idByCode = new Map(
      communities
        .filter((community) => allowed.includes(community.id))
        .map((community) => [community.code, community.id])
    )
    const errors = [...parsed.errors]
    for (const entry of parsed.entries) {
      if (entry.districtCode !== null && !idByCode.has(entry.districtCode)) {
        errors.push({ line: entry.line, code: 'unknown_district' })
      }
    }
    if (errors.length > 0) {
      errors.sort((a, b) => a.line - b.line)
      return { outcome: 'bad_lines' as const, errors }
    }
    if (parsed.entries.length === 0) return invalid({ field: 'csv', rule: 'census_empty' })

    let removed = 0
    if (input.replace) {
      const deleted = await CensusEntry.query({ client: trx })
        .where('campaignId', campaign.id)
        .where('kind', input.kind)
        .delete()
      removed = Number(Array.isArray(deleted) ? deleted[0] : deleted)
    }
    const importedAt = DateTime.now()
    let added = 0
    for (let start = 0; start < parsed.entries.length; start += INSERT_CHUNK) {
      const chunk = parsed.entries.slice(start, start + INSERT_CHUNK)
      const inserted = await trx.rawQuery(
        `INSERT INTO campaign_census_entries (campaign_id, district_id, kind, value_hash, imported_at)
         SELECT ?, district_id, ?::campaign_census_kind, value_hash, ?
           FROM unnest(?::int[], ?::text[]) AS t(district_id, value_hash)
         ON CONFLICT (campaign_id, kind, value_hash) DO NOTHING
         RETURNING id`,
        [
          campaign.id,
          input.kind,
          importedAt.toJSDate(),
          // pg sends JS arrays (nulls included) as PostgreSQL arrays.
          chunk.map((entry) =>
            entry.districtCode !== null ? idByCode.get(entry.districtCode)! : defaultDistrict
          ) as unknown as number[],
          chunk.map((entry) => entry.valueHash),
        ]
      )
      added += inserted.rows.length
    }
    const alreadyPresent = parsed.entries.length - added
    await audit.record(
      actor,
      'campaign.census_imported',
      { type: 'campaign', id: campaign.id },
      {
        kind: input.kind,
        districtId: defaultDistrict,
        lines: parsed.entries.length,
        added,
        removed,
      },
      { client: trx }
    )
    return { outcome: 'ok' as const, added, alreadyPresent, removed }
  })
}
