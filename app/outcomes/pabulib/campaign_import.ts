import { DateTime } from 'luxon'
import { cityZone } from '#shared/city_time'
import db from '@adonisjs/lucid/services/db'
import string from '@adonisjs/core/helpers/string'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { audit, type AuditActor } from '#shared/audit'
import type { BallotRule } from '#campaigns/ballot_rules'
import Campaign, { type OutcomeRule } from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import Community from '#communities/models/community'
import { Rational } from '../rational.js'
import type { VoteType } from '../types.js'
import { minorPerUnit } from '#shared/currencies'
import {
  computeCampaignOutcome,
  publishOutcome,
  type ComputedCampaignOutcome,
} from '../platform/campaign_outcome.js'
import type { PotOutcome } from '../platform/pot_outcome.js'
import { tallyChoices } from '../platform/tally_hash.js'
import { selectedColumn, type PabulibFile } from './pabulib_file.js'
import { PabulibParseError, parsePabulib } from './parse.js'

/*
 * A Pabulib file as a finished campaign (demos, comparisons, research). One transaction:
 * campaign (stage `finished`, title/currency/budget/dates from META), one pot (a district pot when
 * META names a district that is a community under the target one), projects with their file ids in
 * `external_id`, every vote as a `ballot_records` row (channel `import`, ref
 * `import:<campaignId>:<voterId>`, choices [[projectId, weight]] ascending projectId: weight 1 for
 * approval, the points for cumulative/scoring, the rank for ordinal), the tallies, a
 * `pabulib_imports` row (META kept for the export), the outcome under the file's rule (META
 * `rule`: equalshares[/add1] → Equal Shares, else greedy) and the funded projects — the file's
 * `selected` column when it has one (what the city did; recorded as an override with that reason
 * when it differs from the rule), else the rule's selection. Nothing reaches the ledger.
 */

export type ImportResult =
  | { outcome: 'ok'; campaign: Campaign; ballots: number; projects: number }
  | { outcome: 'invalid'; line: number | null; message: string }
  | { outcome: 'unknown_community' }

export class PabulibImportError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null
  ) {
    super(message)
  }
}

const BATCH = 2000
const TITLE_MAX = 200
const COUNT_MAX = 100
const POINTS_MAX = 1000

/** Whole minor units (cents, or yen for JPY) of a Pabulib amount, or an error naming what it is. */
function minorUnits(value: Rational, currency: string, what: string): number {
  const perUnit = minorPerUnit(currency)
  const minor = value.mul(Rational.fromInteger(perUnit))
  if (!minor.isInteger() || minor.num <= 0n || minor.num > BigInt(Number.MAX_SAFE_INTEGER) / 100n) {
    throw new PabulibImportError(
      `${what}: ${value.toString()} is not a positive amount in whole minor units of ${currency}`
    )
  }
  return Number(minor.num)
}

/** A Pabulib day: the city's midnight (CITY_TIME_ZONE), as the export writes it back. */
function parseDate(text: string | undefined): DateTime | null {
  if (!text) return null
  const zone = cityZone()
  const dotted = DateTime.fromFormat(text.trim(), 'd.M.yyyy', { zone })
  if (dotted.isValid) return dotted.toUTC()
  const iso = DateTime.fromISO(text.trim(), { zone })
  return iso.isValid && /^\d{4}-\d{2}/.test(text.trim()) ? iso.toUTC() : null
}

function metaNumber(file: PabulibFile, key: string): number | null {
  const value = Number(file.meta.get(key))
  return Number.isInteger(value) && value >= 0 ? value : null
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n))

/** The pot's ballot rule described from the file (informative: imported ballots are not re-checked). */
function ballotRuleOf(file: PabulibFile): BallotRule {
  const longest = Math.max(1, ...file.votes.map((v) => v.projects.length))
  const maxLength = clamp(metaNumber(file, 'max_length') ?? longest, 1, COUNT_MAX)
  if (file.voteType === 'ordinal') return { kind: 'ranked', maxRanks: maxLength }
  if (file.voteType === 'cumulative' || file.voteType === 'scoring') {
    const sums = file.votes.map((v) => (v.points ?? []).reduce((s, p) => s + Number(p.num), 0))
    const points = clamp(metaNumber(file, 'max_sum_points') ?? Math.max(1, ...sums), 1, POINTS_MAX)
    const most = Math.max(
      1,
      ...file.votes.flatMap((v) => (v.points ?? []).map((p) => Number(p.num)))
    )
    return {
      kind: 'cumulative',
      points,
      maxPerProject: clamp(metaNumber(file, 'max_points') ?? most, 1, points),
    }
  }
  const min =
    file.voteType === 'choose-1' ? 1 : clamp(metaNumber(file, 'min_length') ?? 0, 0, maxLength)
  return {
    kind: 'approval',
    minSelections: min,
    maxSelections: file.voteType === 'choose-1' ? 1 : maxLength,
  }
}

export function ruleOfFile(file: PabulibFile): OutcomeRule {
  const rule = (file.meta.get('rule') ?? '').toLowerCase().replaceAll(/[\s_-]/g, '')
  if (!rule.startsWith('equalshares')) return 'greedy'
  if (file.voteType !== 'approval' && file.voteType !== 'choose-1') return 'greedy'
  return rule.includes('add1') ? 'equal_shares_add1' : 'equal_shares'
}

/** [[projectId, weight]] ascending projectId, one pair per project (protocol.md "Ballot"). */
function choicesOf(
  vote: PabulibFile['votes'][number],
  voteType: VoteType,
  ids: Map<string, number>
): [number, number][] {
  const weights = new Map<number, number>()
  vote.projects.forEach((externalId, i) => {
    const projectId = ids.get(externalId)
    if (projectId === undefined) {
      throw new PabulibImportError(
        `vote of voter ${vote.voterId} names unknown project "${externalId}"`
      )
    }
    if (weights.has(projectId)) {
      if (voteType === 'cumulative' || voteType === 'scoring') {
        throw new PabulibImportError(
          `vote of voter ${vote.voterId} lists project "${externalId}" twice`
        )
      }
      return // approval: counts once; ordinal: the first rank stands
    }
    let weight = 1
    if (voteType === 'ordinal') weight = weights.size + 1
    if (voteType === 'cumulative' || voteType === 'scoring') {
      const points = vote.points?.[i]
      if (
        !points ||
        !points.isInteger() ||
        points.isNegative() ||
        points.num > BigInt(POINTS_MAX)
      ) {
        throw new PabulibImportError(
          `vote of voter ${vote.voterId}: points must be whole numbers 0..${POINTS_MAX}`
        )
      }
      weight = Number(points.num)
    }
    weights.set(projectId, weight)
  })
  return [...weights.entries()].sort((a, b) => a[0] - b[0])
}

async function freeSlug(base: string, trx: TransactionClientContract): Promise<string> {
  const root = (string.slug(base, { lower: true }).replace(/[^a-z0-9-]/g, '') || 'file').slice(
    0,
    60
  )
  for (let n = 1; ; n++) {
    const slug = n === 1 ? `pabulib-${root}` : `pabulib-${root}-${n}`
    if (!(await trx.from('campaigns').where('slug', slug).first())) return slug
  }
}

async function districtPot(
  file: PabulibFile,
  community: Community,
  trx: TransactionClientContract
) {
  const name = file.meta.get('district')?.trim()
  if (!name) return null
  const district = await trx
    .from('communities')
    .where('parent_id', community.id)
    .whereRaw('lower(name) = lower(?)', [name])
    .first()
  return { name, districtId: (district?.id as number | undefined) ?? null }
}

/** The file's own selection as the published outcome (an override when it differs from the rule). */
function withFileSelection(
  computed: ComputedCampaignOutcome,
  selectedIds: number[]
): { outcome: ComputedCampaignOutcome; overridden: boolean } {
  const [pot] = computed.pots
  const same =
    pot.selected.length === selectedIds.length &&
    pot.selected.every((s) => selectedIds.includes(s.projectId))
  if (same) return { outcome: computed, overridden: false }
  return { outcome: { ...computed, pots: [fileSelection(pot, selectedIds)] }, overridden: true }
}

function fileSelection(pot: PotOutcome, selectedIds: number[]): PotOutcome {
  const known = new Map(
    [...pot.selected, ...pot.skipped].map((p) => [
      p.projectId,
      p as Partial<PotOutcome['selected'][number]>,
    ])
  )
  return {
    ...pot,
    selected: selectedIds.map((projectId) => ({
      projectId,
      cost: known.get(projectId)?.cost ?? 0,
      votes: known.get(projectId)?.votes ?? 0,
    })),
    skipped: [...pot.selected, ...pot.skipped]
      .filter((p) => !selectedIds.includes(p.projectId))
      .map((p) => ({ projectId: p.projectId, reason: 'not_selected_by_city' })),
  }
}

async function importParsed(
  file: PabulibFile,
  fileName: string,
  community: Community,
  actor: AuditActor,
  trx: TransactionClientContract
) {
  const metaCurrency = (file.meta.get('currency') ?? '').trim().toUpperCase()
  const currency = /^[A-Z]{3}$/.test(metaCurrency) ? metaCurrency : 'XXX'
  const budget = minorUnits(file.budget, currency, 'META budget')
  const costs = file.projects.map((p) => minorUnits(p.cost, currency, `project ${p.id} cost`))
  for (const p of file.projects) {
    if (p.id.length > 100)
      throw new PabulibImportError(
        `project id "${p.id.slice(0, 20)}…" is longer than 100 characters`
      )
  }
  const title =
    file.meta.get('description')?.trim() ||
    [file.meta.get('unit'), file.meta.get('instance')].filter(Boolean).join(' ') ||
    fileName
  const closes = parseDate(file.meta.get('date_end'))
  const campaign = await Campaign.create(
    {
      communityId: community.id,
      slug: await freeSlug(fileName.replace(/\.pb$/i, ''), trx),
      title: { en: title.slice(0, TITLE_MAX) },
      description: { en: `Imported from the Pabulib file ${fileName}.` },
      totalBudget: budget,
      currency,
      stage: 'finished',
      votingOpensAt: parseDate(file.meta.get('date_begin')),
      votingClosesAt: closes,
      eligibilityMode: 'anyone',
      minAge: null,
      outcomeRule: ruleOfFile(file),
      liveResultsPublic: true,
      supportThreshold: 0,
    },
    { client: trx }
  )
  const district = await districtPot(file, community, trx)
  const pot = await CampaignPot.create(
    {
      campaignId: campaign.id,
      name: { en: (district?.name ?? 'All projects').slice(0, 200) },
      budget,
      kind: district?.districtId ? 'district' : 'size',
      districtId: district?.districtId ?? null,
      ballotRule: ballotRuleOf(file),
      // The file's rule has no support threshold: its outcome must come back unchanged.
      minSupport: 0,
      position: 0,
    },
    { client: trx }
  )
  const now = new Date()
  const projectRows: { id: number }[] = await trx
    .insertQuery()
    .table('projects')
    .multiInsert(
      file.projects.map((p, position) => ({
        idea_id: null,
        external_id: p.id,
        campaign_id: campaign.id,
        pot_id: pot.id,
        title: (p.fields.name?.trim() || `Project ${p.id}`).slice(0, TITLE_MAX),
        cost: costs[position],
        position,
        created_at: now,
        updated_at: now,
      }))
    )
    .returning('id')
  const ids = new Map(file.projects.map((p, i) => [p.id, projectRows[i].id]))

  const ballots = file.votes.map((vote) => choicesOf(vote, file.voteType, ids))
  for (let i = 0; i < ballots.length; i += BATCH) {
    await trx
      .insertQuery()
      .table('ballot_records')
      .multiInsert(
        ballots.slice(i, i + BATCH).map((choices, j) => ({
          campaign_id: campaign.id,
          ref: `import:${campaign.id}:${file.votes[i + j].voterId}`,
          channel: 'import',
          choices: JSON.stringify(choices),
          block_time: closes?.toJSDate() ?? null,
        }))
      )
  }
  const tallies = tallyChoices([...ids.values()], ballots)
  if (tallies.length > 0) {
    await trx
      .insertQuery()
      .table('tally_projects')
      .multiInsert(
        tallies.map((t) => ({
          campaign_id: campaign.id,
          project_id: t.projectId,
          channel: 'import',
          votes: t.votes,
          points: t.points,
        }))
      )
  }
  await trx
    .insertQuery()
    .table('tally_pots')
    .insert({
      campaign_id: campaign.id,
      pot_id: pot.id,
      channel: 'import',
      ballots: ballots.filter((c) => c.length > 0).length,
    })
  // The votes over time of an import: one hour, the file's end date (or the import) — the file has no times.
  const hour = (closes ?? DateTime.utc()).startOf('hour').toJSDate()
  await trx.insertQuery().table('tally_hours').insert({
    campaign_id: campaign.id,
    hour,
    channel: 'import',
    ballots: ballots.length,
  })
  await trx
    .insertQuery()
    .table('pabulib_imports')
    .insert({
      campaign_id: campaign.id,
      file_name: fileName.slice(0, 255),
      meta: JSON.stringify([...file.meta.entries()]),
      vote_type: file.voteType,
      imported_by: actor.type === 'staff' ? actor.id : null,
      created_at: now,
    })
  await audit.record(
    actor,
    'campaign.imported',
    { type: 'campaign', id: campaign.id },
    {
      fileName,
      projects: file.projects.length,
      ballots: ballots.length,
      rule: campaign.outcomeRule,
    },
    { client: trx }
  )

  const computed = await computeCampaignOutcome(campaign, campaign.outcomeRule, trx)
  const citySelection = selectedColumn(file)
  const { outcome, overridden } = citySelection
    ? withFileSelection(
        computed,
        citySelection.map((id) => ids.get(id)!)
      )
    : { outcome: computed, overridden: false }
  await publishOutcome(campaign, outcome, trx, {
    actor,
    ledger: false,
    overrideReason: overridden
      ? `The city's own selection from the imported file (Pabulib "selected" column); META rule "${file.meta.get('rule') ?? ''}".`
      : null,
  })
  return { campaign, ballots: ballots.length, projects: file.projects.length }
}

/** Parses and imports; every expected problem is an `invalid` answer naming the line or item. */
export async function importPabulibCampaign(
  text: string,
  options: { fileName: string; communityId: number; actor: AuditActor }
): Promise<ImportResult> {
  let file: PabulibFile
  try {
    file = parsePabulib(text)
  } catch (error) {
    if (error instanceof PabulibParseError) {
      return { outcome: 'invalid', line: error.line, message: error.message }
    }
    return { outcome: 'invalid', line: null, message: (error as Error).message }
  }
  if (file.projects.length === 0) {
    return { outcome: 'invalid', line: null, message: 'the file has no projects' }
  }
  const community = await Community.find(options.communityId)
  if (!community) return { outcome: 'unknown_community' }
  try {
    const done = await db.transaction((trx) =>
      importParsed(file, options.fileName, community, options.actor, trx)
    )
    return { outcome: 'ok', ...done }
  } catch (error) {
    if (error instanceof PabulibImportError) {
      return { outcome: 'invalid', line: error.line, message: error.message }
    }
    throw error
  }
}
