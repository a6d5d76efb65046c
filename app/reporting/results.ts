import db from '@adonisjs/lucid/services/db'
import type Campaign from '#campaigns/models/campaign'
import { projectionTip } from '#ledger/projection/projector'
import { type PublishedOutcome, publishedOutcome } from '#outcomes/platform/published_outcome'
import { countsSealed } from '#reporting/sealed'

/*
| Live results from the read models the ledger projection keeps (app/ledger/README.md
| "Projection"): the tally tables, never a scan of the ballots — except the district turnout,
| which is computed from `ballot_records` once per projected height and cached.
*/
export const CHANNELS = ['online', 'terminal', 'paper'] as const
export type Channel = (typeof CHANNELS)[number]

export interface DistrictTurnout {
  id: number
  name: string
  population: number
  /** Ballots that chose at least one project located in the district. */
  ballots: number
  /** `ballots` per 1,000 residents of the district (null without a population). */
  perThousand: number | null
}

export interface CampaignResults {
  /**
   * An encrypted campaign whose ballots are not yet decrypted: only turnout (`ballots`, `channels`)
   * is known; `projects`, `pots` and `districts` are empty — not zeros that look like results.
   */
  sealed: boolean
  ballots: number
  projects: { id: number; votes: number; points: number }[]
  pots: { id: number; ballots: number }[]
  channels: Record<Channel, number> & { import?: number }
  updatedAtHeight: number
  districts: DistrictTurnout[]
  /** The funded projects per pot once the outcome is published (null before). */
  outcome: PublishedOutcome | null
}

/** Per campaign: the last computation, reused for the same counts or while younger than this. */
const TURNOUT_REFRESH_MS = 30_000
const turnoutCache = new Map<
  number,
  { key: string; at: number; value: Promise<DistrictTurnout[]> }
>()

/**
 * Ballots are anonymous, so nobody knows where a voter lives: "district" here is where the
 * *projects* are (the district of the idea each project came from). A district's count is the
 * ballots that chose at least one of its projects — engagement with the district, not residence.
 * One pass over the campaign's ballot rows, so it is refreshed at most every 30 s while counting.
 */
function districtTurnout(campaignId: number, height: number, ballots: number) {
  const key = `${height}:${ballots}`
  const cached = turnoutCache.get(campaignId)
  if (cached && (cached.key === key || Date.now() - cached.at < TURNOUT_REFRESH_MS)) {
    return cached.value
  }
  // Concurrent requests share one computation (the promise); a failure is not cached.
  const value = computeTurnout(campaignId)
  value.catch(() => turnoutCache.delete(campaignId))
  if (turnoutCache.size >= 256) turnoutCache.clear()
  turnoutCache.set(campaignId, { key, at: Date.now(), value })
  return value
}

async function computeTurnout(campaignId: number): Promise<DistrictTurnout[]> {
  const result = await db.rawQuery(
    `SELECT c.id, c.name, c.population, count(DISTINCT b.id)::int AS ballots
       FROM ballot_records b
       CROSS JOIN LATERAL jsonb_array_elements(b.choices) AS choice
       JOIN projects p ON p.id = (choice->>0)::int AND p.campaign_id = b.campaign_id
       JOIN ideas i ON i.id = p.idea_id
       JOIN communities c ON c.id = i.district_id
      WHERE b.campaign_id = ?
      GROUP BY c.id, c.name, c.population
      ORDER BY c.name, c.id`,
    [campaignId]
  )
  const turnout = (result.rows as any[]).map((row) => {
    const population = Number(row.population)
    return {
      id: Number(row.id),
      name: String(row.name),
      population,
      ballots: Number(row.ballots),
      perThousand:
        population > 0 ? Math.round((Number(row.ballots) * 10_000) / population) / 10 : null,
    }
  })
  return turnout
}

/** Turnout by channel, from `tally_hours` (every ballot counts there, encrypted ones too). */
async function turnoutByChannel(campaignId: number) {
  const byChannel = await db
    .from('tally_hours')
    .where('campaign_id', campaignId)
    .groupBy('channel')
    .select('channel')
    .select(db.raw('sum(ballots)::bigint AS ballots'))
  const channels: CampaignResults['channels'] = { online: 0, terminal: 0, paper: 0 }
  for (const row of byChannel) channels[row.channel as Channel] = Number(row.ballots)
  const ballots = byChannel.reduce((sum, row) => sum + Number(row.ballots), 0)
  return { ballots, channels }
}

export async function campaignResults(campaign: Campaign): Promise<CampaignResults> {
  // One query at a time: a request's queries may share one connection (PGlite).
  const tip = await projectionTip()
  const outcome = await publishedOutcome(campaign.id)
  if (await countsSealed(campaign.id, outcome)) {
    const { ballots, channels } = await turnoutByChannel(campaign.id)
    return {
      sealed: true,
      ballots,
      projects: [],
      pots: [],
      channels,
      updatedAtHeight: tip.height,
      districts: [],
      outcome: null,
    }
  }
  const projects = await db
    .from('projects')
    .where('projects.campaign_id', campaign.id)
    .leftJoin('tally_projects', (join) => {
      join
        .on('tally_projects.project_id', 'projects.id')
        .andOn('tally_projects.campaign_id', 'projects.campaign_id')
    })
    .groupBy('projects.id')
    .orderBy('projects.id')
    .select('projects.id')
    .select(db.raw('coalesce(sum(tally_projects.votes), 0)::bigint AS votes'))
    .select(db.raw('coalesce(sum(tally_projects.points), 0)::bigint AS points'))
  const pots = await db
    .from('campaign_pots')
    .where('campaign_pots.campaign_id', campaign.id)
    .leftJoin('tally_pots', (join) => {
      join
        .on('tally_pots.pot_id', 'campaign_pots.id')
        .andOn('tally_pots.campaign_id', 'campaign_pots.campaign_id')
    })
    .groupBy('campaign_pots.id')
    .orderBy('campaign_pots.id')
    .select('campaign_pots.id')
    .select(db.raw('coalesce(sum(tally_pots.ballots), 0)::bigint AS ballots'))
  const { ballots, channels } = await turnoutByChannel(campaign.id)
  return {
    sealed: false,
    ballots,
    projects: projects.map((p) => ({ id: p.id, votes: Number(p.votes), points: Number(p.points) })),
    pots: pots.map((p) => ({ id: p.id, ballots: Number(p.ballots) })),
    channels,
    updatedAtHeight: tip.height,
    districts: await districtTurnout(campaign.id, tip.height, ballots),
    outcome,
  }
}
