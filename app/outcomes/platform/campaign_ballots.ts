import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { BallotRule } from '#campaigns/ballot_rules'
import { minorPerUnit } from '#shared/currencies'
import { Rational } from '../rational.js'
import type { Ballot, RuleInput, VoteType } from '../types.js'

/*
 * A campaign's ballots as rule inputs, one per pot (outcomes.md "Inputs: per pot in the platform").
 *
 * - Amounts: the platform stores integers in the currency's smallest unit; the rules get them in
 *   whole currency units (÷ 10^minor digits of the campaign's currency — 1 for JPY, 100 for EUR,
 *   1000 for KWD — exact rationals). The add-one completion raises every voter's
 *   money by one *currency unit* per step, as the cities did — so units matter, and a campaign
 *   imported from a Pabulib file gets back exactly the file's numbers.
 * - Ids: a project's rule id is its Pabulib id when it has one (imported), else its platform id in
 *   decimal, so natural-id tie-breaks follow the file for imports and the numeric id otherwise.
 * - Voters of a pot: the ballots with at least one choice among the pot's projects (a ballot covers
 *   every pot; a district pot's voters are those who voted in it, as in Pabulib district files).
 * - Ballot shape from the pot's rule: approval/knapsack → approval, cumulative → cumulative points
 *   (the weights), ranked → ordinal (projects ordered by rank, weight 1 = first).
 * - Minimum support: the pot's `min_support` (0 = none) becomes the rules' `minScore`.
 */

export interface CampaignProject {
  id: number
  potId: number
  ruleId: string
  externalId: string | null
  title: string
  cost: number
}

export interface PotBallots {
  potId: number
  budget: number
  /** Minor units per currency unit of the campaign's currency (1, 100, 1000…). */
  minorPerUnit: bigint
  /** The score a project needs to be funded (0 = none). */
  minSupport: number
  ballotRule: BallotRule
  voteType: VoteType
  projects: CampaignProject[]
  input: RuleInput
}

export interface BallotRecordRow {
  id: number
  channel: string
  choices: [number, number][]
}

export function toUnits(minor: number | bigint, perUnit: bigint): Rational {
  return Rational.of(BigInt(minor), perUnit)
}

/** The rules' input of one pot: amounts in currency units, the minimum support as `minScore`. */
export function potRuleInput(
  pot: Pick<PotBallots, 'budget' | 'minorPerUnit' | 'minSupport' | 'voteType'>,
  projects: readonly { ruleId: string; cost: number }[],
  ballots: Ballot[]
): RuleInput {
  return {
    projects: projects.map((p) => ({ id: p.ruleId, cost: toUnits(p.cost, pot.minorPerUnit) })),
    budget: toUnits(pot.budget, pot.minorPerUnit),
    ballots,
    voteType: pot.voteType,
    minScore: pot.minSupport > 0 ? Rational.fromInteger(pot.minSupport) : undefined,
  }
}

export function voteTypeOf(rule: BallotRule): VoteType {
  if (rule.kind === 'cumulative') return 'cumulative'
  if (rule.kind === 'ranked') return 'ordinal'
  return 'approval'
}

export async function campaignProjects(
  campaignId: number,
  client: QueryClientContract
): Promise<CampaignProject[]> {
  const rows = await client
    .from('projects')
    .where('campaign_id', campaignId)
    .orderBy('pot_id')
    .orderBy('position')
    .orderBy('id')
    .select('id', 'pot_id', 'external_id', 'title', 'cost')
  return rows.map((r) => ({
    id: r.id,
    potId: r.pot_id,
    externalId: r.external_id,
    ruleId: r.external_id ?? String(r.id),
    title: r.title,
    cost: Number(r.cost),
  }))
}

/** Every counted ballot of the campaign, in ballot_records order. */
export async function campaignBallotRecords(
  campaignId: number,
  client: QueryClientContract
): Promise<BallotRecordRow[]> {
  const rows = await client
    .from('ballot_records')
    .where('campaign_id', campaignId)
    .orderBy('id')
    .select('id', 'channel', 'choices')
  return rows.map((r) => ({ id: Number(r.id), channel: r.channel, choices: r.choices }))
}

/** One pot's ballot restricted to its projects, in the rules' shape (null: no choice in the pot). */
export function potBallot(
  choices: readonly (readonly [number, number])[],
  ruleIds: Map<number, string>,
  voteType: VoteType
): Ballot | null {
  const mine = choices.filter(([projectId]) => ruleIds.has(projectId))
  if (mine.length === 0) return null
  if (voteType === 'ordinal') {
    const ranked = [...mine].sort((a, b) => a[1] - b[1])
    return { projects: ranked.map(([p]) => ruleIds.get(p)!) }
  }
  const projects = mine.map(([p]) => ruleIds.get(p)!)
  if (voteType === 'cumulative') {
    return { projects, points: mine.map(([, w]) => Rational.fromInteger(w)) }
  }
  return { projects }
}

export async function campaignPotBallots(
  campaignId: number,
  client: QueryClientContract,
  records?: BallotRecordRow[]
): Promise<PotBallots[]> {
  const campaign = await client.from('campaigns').where('id', campaignId).select('currency').first()
  const perUnit = minorPerUnit(campaign?.currency ?? '')
  const pots = await client
    .from('campaign_pots')
    .where('campaign_id', campaignId)
    .orderBy('id')
    .select('id', 'budget', 'ballot_rule', 'min_support')
  const projects = await campaignProjects(campaignId, client)
  const ballots = records ?? (await campaignBallotRecords(campaignId, client))
  return pots.map((pot) => {
    const ballotRule = pot.ballot_rule as BallotRule
    const voteType = voteTypeOf(ballotRule)
    const mine = projects.filter((p) => p.potId === pot.id)
    const ruleIds = new Map(mine.map((p) => [p.id, p.ruleId]))
    const potBallots: Ballot[] = []
    for (const record of ballots) {
      const ballot = potBallot(record.choices, ruleIds, voteType)
      if (ballot) potBallots.push(ballot)
    }
    const shape = {
      budget: Number(pot.budget),
      minorPerUnit: perUnit,
      minSupport: Number(pot.min_support),
      voteType,
    }
    return {
      potId: pot.id,
      ...shape,
      ballotRule,
      projects: mine,
      input: potRuleInput(shape, mine, potBallots),
    }
  })
}
