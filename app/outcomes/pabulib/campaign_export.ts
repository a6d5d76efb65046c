import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type Campaign from '#campaigns/models/campaign'
import { liveCountsHidden } from '#campaigns/campaign_service'
import { translate } from '#campaigns/translations'
import { cityZone } from '#shared/city_time'
import { minorPerUnit } from '#shared/currencies'
import { campaignProjects, toUnits, voteTypeOf } from '../platform/campaign_ballots.js'
import { Rational } from '../rational.js'
import type { VoteType } from '../types.js'
import { writePabulib } from './write.js'
import type { BallotRule } from '#campaigns/ballot_rules'

/*
 * Any campaign's ballots of one pot as a Pabulib file: META (the imported file's META when the
 * campaign came from one, else built from the campaign), PROJECTS (project_id = the file's id or the
 * platform id; cost in currency units; name; votes; selected = the published outcome, else the
 * funded projects), VOTES (voter ids 1..n in ballot order — pseudonymous, nothing personal; points
 * for cumulative ballots; ordinal ballots by rank). Refused while the campaign hides live counts.
 */

export type ExportResult =
  | { outcome: 'ok'; fileName: string; text: string }
  | { outcome: 'hidden' }
  | { outcome: 'pot_required'; pots: number[] }
  | { outcome: 'unknown_pot' }

export async function exportCampaignPabulib(
  campaign: Campaign,
  client: QueryClientContract,
  options: { potId?: number } = {}
): Promise<ExportResult> {
  if (liveCountsHidden(campaign)) return { outcome: 'hidden' }
  const pots = await client
    .from('campaign_pots')
    .where('campaign_id', campaign.id)
    .orderBy('id')
    .select('id', 'budget', 'ballot_rule', 'name')
  const pot = options.potId
    ? pots.find((p) => p.id === options.potId)
    : pots.length === 1
      ? pots[0]
      : null
  if (options.potId && !pot) return { outcome: 'unknown_pot' }
  if (!pot) return { outcome: 'pot_required', pots: pots.map((p) => p.id) }

  const imported = await client.from('pabulib_imports').where('campaign_id', campaign.id).first()
  const voteType: VoteType = imported?.vote_type ?? voteTypeOf(pot.ballot_rule as BallotRule)
  const allProjects = await campaignProjects(campaign.id, client)
  const projects = allProjects.filter((p) => p.potId === pot.id)
  const ruleIds = new Map(projects.map((p) => [p.id, p.ruleId]))
  const records = await client
    .from('ballot_records')
    .where('campaign_id', campaign.id)
    .orderBy('id')
    .select('choices')
  const votes = []
  const counts = new Map<number, number>()
  for (const { choices } of records as { choices: [number, number][] }[]) {
    const mine = choices.filter(([id]) => ruleIds.has(id))
    if (mine.length === 0) continue
    if (voteType === 'ordinal') mine.sort((a, b) => a[1] - b[1])
    for (const [id] of mine) counts.set(id, (counts.get(id) ?? 0) + 1)
    const withPoints = voteType === 'cumulative' || voteType === 'scoring'
    votes.push({
      projects: mine.map(([id]) => ruleIds.get(id)!),
      points: withPoints ? mine.map(([, w]) => Rational.fromInteger(w)) : undefined,
    })
  }

  const outcome = await client.from('campaign_outcomes').where('campaign_id', campaign.id).first()
  const published = (
    outcome?.pots as { potId: number; selected: { projectId: number }[] }[] | undefined
  )?.find((p) => p.potId === pot.id)
  const funded = await client
    .from('projects')
    .where('campaign_id', campaign.id)
    .where('funded', true)
    .select('id')
  const selectedIds = published
    ? published.selected.map((s) => s.projectId)
    : funded.map((r) => r.id as number)

  const meta = new Map<string, string>(imported ? imported.meta : [])
  if (!imported) {
    meta.set('description', translate(campaign.title, 'en'))
    meta.set('country', '')
    const community = await client.from('communities').where('id', campaign.communityId).first()
    meta.set('unit', community?.name ?? '')
    meta.set('instance', String((campaign.votingOpensAt ?? campaign.createdAt).year))
    meta.set('num_projects', '')
    meta.set('num_votes', '')
    meta.set('currency', campaign.currency)
    meta.set(
      'rule',
      campaign.outcomeRule.replace('equal_shares', 'equalshares').replace('_add1', '/add1')
    )
    if (campaign.votingOpensAt)
      meta.set('date_begin', campaign.votingOpensAt.setZone(cityZone()).toFormat('dd.MM.yyyy'))
    if (campaign.votingClosesAt)
      meta.set('date_end', campaign.votingClosesAt.setZone(cityZone()).toFormat('dd.MM.yyyy'))
  }
  meta.set('num_projects', String(projects.length))
  meta.set('num_votes', String(votes.length))

  const perUnit = minorPerUnit(campaign.currency)
  const text = writePabulib(
    {
      meta,
      budget: toUnits(Number(pot.budget), perUnit),
      voteType,
      projectColumns: ['name', 'votes'],
      projects: projects.map((p) => ({
        id: p.ruleId,
        cost: toUnits(p.cost, perUnit),
        fields: { name: p.title, votes: String(counts.get(p.id) ?? 0) },
      })),
      votes,
    },
    { selected: selectedIds.filter((id) => ruleIds.has(id)).map((id) => ruleIds.get(id)!) }
  )
  return { outcome: 'ok', fileName: `${campaign.slug}-pot-${pot.id}.pb`, text }
}
