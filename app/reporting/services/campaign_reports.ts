import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type Campaign from '#campaigns/models/campaign'
import { translate } from '#campaigns/translations'
import { liveCountsHidden } from '#campaigns/campaign_service'
import { descendantsOf, districtsOf } from '#communities/community_tree'
import { countsSealed } from '#reporting/sealed'

/*
 * The staff reports of one campaign, each a small table (README "Reports"). Vote-based reports
 * (turnout, timeline, channels, projects) are null while the campaign hides live counts
 * (voting stage with live_results_public off, Decidim #12348) — so every screen and export that
 * is built from here hides them too. The projects report is also null while an encrypted campaign's
 * counts are sealed (`#reporting/sealed`): nobody can count per project before the decryption.
 *
 * Turnout by district: ballots are anonymous, so the district of a *credential* stands for the
 * voter's: the community recorded at issuance (the resident's district then, the kiosk's
 * community), else — rows from before it was recorded — the resident's current district or the
 * kiosk's community, each counted in the district (of the campaign's community) that contains it.
 * A campaign without credentials (imported from Pabulib) uses the ballots of its district pots.
 * Rate = voters per 1,000 inhabitants (the community's population).
 */

export interface TurnoutRow {
  districtId: number
  district: string
  population: number
  voters: number
  perThousand: number
}
export interface TimelineRow {
  hour: string
  online: number
  terminal: number
  paper: number
  import: number
  total: number
}
export interface ChannelRow {
  channel: string
  ballots: number
}
export interface ProjectRow {
  projectId: number
  title: string
  pot: string
  cost: number
  votes: number
  points: number
  funded: boolean
}
export interface FunnelRow {
  step: 'submitted' | 'reviewed' | 'on_ballot' | 'funded'
  count: number
}
export interface ImplementationRow {
  projectId: number
  title: string
  status: string
  progressPercent: number
  milestones: number
}

export interface CampaignReports {
  hidden: boolean
  turnout: TurnoutRow[] | null
  timeline: TimelineRow[] | null
  channels: ChannelRow[] | null
  projects: ProjectRow[] | null
  funnel: FunnelRow[]
  implementation: ImplementationRow[]
}

export const REPORT_NAMES = [
  'turnout',
  'timeline',
  'channels',
  'projects',
  'funnel',
  'implementation',
] as const
export type ReportName = (typeof REPORT_NAMES)[number]

const CHANNELS = ['online', 'terminal', 'paper', 'import'] as const

const perThousand = (voters: number, population: number) =>
  population > 0 ? Math.round((voters * 1_000_000) / population) / 1000 : 0

async function turnout(campaign: Campaign, client: QueryClientContract): Promise<TurnoutRow[]> {
  const districts = await districtsOf(campaign.communityId, client)
  const byCommunity = await client.rawQuery(
    // community_id is recorded at issuance (0071); older online rows name their resident.
    `SELECT coalesce(ci.community_id, r.district_id, t.community_id) AS community_id,
            count(*)::int AS voters
       FROM credential_issuances ci
       LEFT JOIN residents r ON ci.person_ref = 'resident:' || r.id
       LEFT JOIN terminals t ON t.id = ci.terminal_id
      WHERE ci.campaign_id = ?
      GROUP BY 1`,
    [campaign.id]
  )
  const counts = new Map<number | null, number>(
    byCommunity.rows.map((r: { community_id: number | null; voters: number }) => [
      r.community_id,
      r.voters,
    ])
  )
  const rows: TurnoutRow[] = []
  if (counts.size > 0) {
    for (const district of districts) {
      const subtree = await descendantsOf(district.id, { client })
      const ids = subtree.map((n) => n.id)
      const voters = ids.reduce((sum, id) => sum + (counts.get(id) ?? 0), 0)
      rows.push({
        districtId: district.id,
        district: district.name,
        population: district.population,
        voters,
        perThousand: perThousand(voters, district.population),
      })
    }
    return rows
  }
  const pots = await client
    .from('campaign_pots')
    .join('communities', 'communities.id', 'campaign_pots.district_id')
    .leftJoin('tally_pots', (join) => {
      join
        .on('tally_pots.pot_id', 'campaign_pots.id')
        .andOn('tally_pots.campaign_id', 'campaign_pots.campaign_id')
    })
    .where('campaign_pots.campaign_id', campaign.id)
    .groupBy('communities.id', 'communities.name', 'communities.population')
    .orderBy('communities.name')
    .select('communities.id', 'communities.name', 'communities.population')
    .select(client.raw('coalesce(sum(tally_pots.ballots), 0)::int as voters'))
  return pots.map((p) => ({
    districtId: p.id,
    district: p.name,
    population: Number(p.population),
    voters: p.voters,
    perThousand: perThousand(p.voters, Number(p.population)),
  }))
}

async function timeline(campaign: Campaign, client: QueryClientContract): Promise<TimelineRow[]> {
  const rows = await client
    .from('tally_hours')
    .where('campaign_id', campaign.id)
    .orderBy('hour')
    .select('hour', 'channel', 'ballots')
  const byHour = new Map<string, TimelineRow>()
  for (const r of rows) {
    const hour = new Date(r.hour).toISOString()
    const row = byHour.get(hour) ?? { hour, online: 0, terminal: 0, paper: 0, import: 0, total: 0 }
    row[r.channel as (typeof CHANNELS)[number]] += r.ballots
    row.total += r.ballots
    byHour.set(hour, row)
  }
  return [...byHour.values()]
}

function channels(rows: TimelineRow[]): ChannelRow[] {
  return CHANNELS.map((channel) => ({
    channel,
    ballots: rows.reduce((sum, r) => sum + r[channel], 0),
  }))
}

async function projects(campaign: Campaign, client: QueryClientContract, locale: string) {
  const rows = await client
    .from('projects')
    .join('campaign_pots', 'campaign_pots.id', 'projects.pot_id')
    .leftJoin('tally_projects', (join) => {
      join
        .on('tally_projects.project_id', 'projects.id')
        .andOn('tally_projects.campaign_id', 'projects.campaign_id')
    })
    .where('projects.campaign_id', campaign.id)
    .groupBy('projects.id', 'campaign_pots.name')
    .orderBy('projects.pot_id')
    .orderBy('projects.position')
    .orderBy('projects.id')
    .select(
      'projects.id',
      'projects.title',
      'projects.cost',
      'projects.funded',
      'campaign_pots.name as pot'
    )
    .select(client.raw('coalesce(sum(tally_projects.votes), 0)::bigint as votes'))
    .select(client.raw('coalesce(sum(tally_projects.points), 0)::bigint as points'))
  return rows.map((r) => ({
    projectId: r.id,
    title: r.title,
    pot: translate(r.pot, locale),
    cost: Number(r.cost),
    votes: Number(r.votes),
    points: Number(r.points),
    funded: r.funded,
  }))
}

async function funnel(campaign: Campaign, client: QueryClientContract): Promise<FunnelRow[]> {
  const [ideas] = await client
    .from('ideas')
    .where('campaign_id', campaign.id)
    .select(client.raw(`count(*) FILTER (WHERE status <> 'draft')::int AS submitted`))
    .select(
      client.raw(
        `count(*) FILTER (WHERE status IN ('on_ballot', 'rejected') OR decided_at IS NOT NULL)::int AS reviewed`
      )
    )
  const [projectCounts] = await client
    .from('projects')
    .where('campaign_id', campaign.id)
    .select(client.raw('count(*)::int AS on_ballot'))
    .select(client.raw('count(*) FILTER (WHERE funded)::int AS funded'))
  return [
    { step: 'submitted', count: ideas.submitted },
    { step: 'reviewed', count: ideas.reviewed },
    { step: 'on_ballot', count: projectCounts.on_ballot },
    { step: 'funded', count: projectCounts.funded },
  ]
}

async function implementation(campaign: Campaign, client: QueryClientContract) {
  const rows = await client
    .from('projects')
    .leftJoin('project_implementation', 'project_implementation.project_id', 'projects.id')
    .where('projects.campaign_id', campaign.id)
    .where('projects.funded', true)
    .orderBy('projects.id')
    .select(
      'projects.id',
      'projects.title',
      'project_implementation.status',
      'project_implementation.progress_percent'
    )
    .select(
      client.raw(
        '(SELECT count(*)::int FROM project_milestones m WHERE m.project_id = projects.id) AS milestones'
      )
    )
  return rows.map((r) => ({
    projectId: r.id,
    title: r.title,
    status: r.status ?? 'planned',
    progressPercent: r.progress_percent ?? 0,
    milestones: r.milestones,
  }))
}

export async function campaignReports(
  campaign: Campaign,
  client: QueryClientContract,
  locale = 'en'
): Promise<CampaignReports> {
  const hidden = liveCountsHidden(campaign)
  const sealed = await countsSealed(campaign.id)
  const hours = hidden ? null : await timeline(campaign, client)
  return {
    hidden,
    turnout: hidden ? null : await turnout(campaign, client),
    timeline: hours,
    channels: hours ? channels(hours) : null,
    projects: hidden || sealed ? null : await projects(campaign, client, locale),
    funnel: await funnel(campaign, client),
    implementation: await implementation(campaign, client),
  }
}
