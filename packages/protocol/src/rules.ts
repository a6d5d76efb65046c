/**
 * Ballot rules of protocol.md ("The public campaign"), checked against the public campaign object.
 * Shared by the voting page (live messages), the server (422 rule_violation) and kiosks.
 *
 * One ballot covers every pot; each pot's rule applies to the choices among its projects.
 *
 * - approval   {minSelections, maxSelections}: every weight is 1; minSelections ≤ count ≤ maxSelections.
 * - knapsack   {minSharePercent}: every weight is 1; total cost of the chosen projects ≤ pot budget;
 *              if minSharePercent > 0, total cost × 100 ≥ minSharePercent × budget (an empty pot fails).
 * - cumulative {points, maxPerProject}: weights are points, 1 ≤ weight ≤ maxPerProject,
 *              Σ weights ≤ points (leaving points unspent is allowed; an empty pot is allowed).
 * - ranked     {maxRanks}: weights are ranks; the k chosen projects carry the ranks 1..k, each once
 *              (distinct and contiguous, 1 = first), and k ≤ maxRanks (an empty pot is allowed).
 *
 * Every choice must name a project of the campaign (`unknown_project`), each project at most once
 * (`duplicate_project`), with a positive integer weight (`bad_weight`).
 */
// Local copy (not from encoding.ts) so a page that only needs the rules does not bundle CBOR/SHA-256.
function isUint(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

export type ApprovalRule = {
  kind: 'approval'
  minSelections: number
  maxSelections: number
}
export type KnapsackRule = {
  kind: 'knapsack'
  minSharePercent: number
}
export type CumulativeRule = {
  kind: 'cumulative'
  points: number
  maxPerProject: number
}
export type RankedRule = {
  kind: 'ranked'
  maxRanks: number
}
/** The ballot rule of a pot: the one declaration of its wire shape (campaign JSON, campaign tx). */
export type BallotRule = ApprovalRule | KnapsackRule | CumulativeRule | RankedRule
export type BallotRuleKind = BallotRule['kind']

export interface CampaignPot {
  id: number
  name?: string
  budget: number
  rule: BallotRule
}

export interface CampaignProject {
  id: number
  title?: string
  cost: number
  potId: number
}

export interface PublicCampaign {
  id: number
  slug: string
  title: string
  stage: string
  votingOpensAt: string | null
  votingClosesAt: string | null
  registrarPublicKey: string
  pots: CampaignPot[]
  projects: CampaignProject[]
}

export interface ChoiceLike {
  projectId: number
  weight: number
}

export type RuleViolation =
  | { potId: null; code: 'unknown_project'; projectId: number }
  | { potId: number; code: 'duplicate_project'; projectId: number }
  | { potId: number | null; code: 'bad_weight'; projectId: number; weight: unknown }
  | { potId: number; code: 'too_few'; min: number; actual: number }
  | { potId: number; code: 'too_many'; max: number; actual: number }
  | { potId: number; code: 'over_budget'; budget: number; total: number }
  | {
      potId: number
      code: 'below_min_share'
      minSharePercent: number
      required: number
      total: number
    }
  | { potId: number; code: 'points_exceeded'; points: number; total: number }
  | { potId: number; code: 'per_project_exceeded'; projectId: number; max: number; weight: number }
  | { potId: number; code: 'rank_duplicate'; rank: number }
  | { potId: number; code: 'rank_gap'; missingRank: number }
  | { potId: number; code: 'unknown_rule'; kind: unknown }

export type RuleViolationCode = RuleViolation['code']

/** What the rules need of a campaign: its pots and projects (names and titles optional). */
export interface CampaignRules {
  readonly pots: readonly Pick<CampaignPot, 'id' | 'budget' | 'rule'>[]
  readonly projects: readonly Pick<CampaignProject, 'id' | 'cost' | 'potId'>[]
}

export interface PotSummary {
  potId: number
  /** number of chosen projects */
  count: number
  /** total cost of the chosen projects */
  cost: number
  /** sum of the weights (points for cumulative pots) */
  weight: number
}

/*
| Project lookup of a campaign, built once per campaign object: the replicas check every ballot of a
| block against the same (immutable) campaign entry, so rebuilding it per ballot would dominate.
*/
const indexes = new WeakMap<
  CampaignRules,
  { projects: Map<number, Pick<CampaignProject, 'cost' | 'potId'>>; potIds: Set<number> }
>()

function indexOf(campaign: CampaignRules) {
  let index = indexes.get(campaign)
  if (index === undefined) {
    index = {
      projects: new Map(campaign.projects.map((p) => [p.id, p])),
      potIds: new Set(campaign.pots.map((p) => p.id)),
    }
    indexes.set(campaign, index)
  }
  return index
}

function groupByPot(choices: readonly ChoiceLike[], campaign: CampaignRules) {
  const { projects, potIds } = indexOf(campaign)
  const byPot = new Map<number, { choice: ChoiceLike; cost: number }[]>()
  for (const pot of campaign.pots) byPot.set(pot.id, [])
  const violations: RuleViolation[] = []
  const seen = new Set<number>()
  for (const choice of choices) {
    const project = projects.get(choice.projectId)
    if (!project || !potIds.has(project.potId)) {
      violations.push({ potId: null, code: 'unknown_project', projectId: choice.projectId })
      continue
    }
    if (seen.has(choice.projectId)) {
      violations.push({
        potId: project.potId,
        code: 'duplicate_project',
        projectId: choice.projectId,
      })
      continue
    }
    seen.add(choice.projectId)
    byPot.get(project.potId)!.push({ choice, cost: project.cost })
  }
  return { byPot, violations }
}

/** Per-pot totals of a (possibly incomplete) selection, for live UI counters. */
export function summarizeChoices(
  choices: readonly ChoiceLike[],
  campaign: CampaignRules
): PotSummary[] {
  const { byPot } = groupByPot(choices, campaign)
  return campaign.pots.map((pot) => {
    const items = byPot.get(pot.id) ?? []
    return {
      potId: pot.id,
      count: items.length,
      cost: items.reduce((sum, i) => sum + i.cost, 0),
      weight: items.reduce((sum, i) => sum + (isUint(i.choice.weight) ? i.choice.weight : 0), 0),
    }
  })
}

/** Smallest integer total ≥ minSharePercent % of budget. */
function minShareRequired(budget: number, minSharePercent: number): number {
  if (Number.isInteger(minSharePercent)) {
    const num = BigInt(budget) * BigInt(minSharePercent)
    return Number((num + 99n) / 100n)
  }
  return Math.ceil((budget * minSharePercent) / 100 - 1e-9)
}

/** All rule violations of `choices` (empty list = acceptable ballot), in pot order. */
export function checkChoices(
  choices: readonly ChoiceLike[],
  campaign: CampaignRules
): RuleViolation[] {
  const { byPot, violations } = groupByPot(choices, campaign)
  for (const pot of campaign.pots) {
    const items = byPot.get(pot.id) ?? []
    const potId = pot.id
    const rule = pot.rule
    const valid = items.filter(({ choice }) => {
      if (isUint(choice.weight) && choice.weight >= 1) return true
      violations.push({
        potId,
        code: 'bad_weight',
        projectId: choice.projectId,
        weight: choice.weight,
      })
      return false
    })
    switch (rule?.kind) {
      case 'approval':
      case 'knapsack': {
        for (const { choice } of valid) {
          if (choice.weight !== 1) {
            violations.push({
              potId,
              code: 'bad_weight',
              projectId: choice.projectId,
              weight: choice.weight,
            })
          }
        }
        if (rule.kind === 'approval') {
          if (items.length < rule.minSelections) {
            violations.push({
              potId,
              code: 'too_few',
              min: rule.minSelections,
              actual: items.length,
            })
          }
          if (items.length > rule.maxSelections) {
            violations.push({
              potId,
              code: 'too_many',
              max: rule.maxSelections,
              actual: items.length,
            })
          }
        } else {
          const total = items.reduce((sum, i) => sum + i.cost, 0)
          if (total > pot.budget) {
            violations.push({ potId, code: 'over_budget', budget: pot.budget, total })
          }
          if (rule.minSharePercent > 0) {
            const required = minShareRequired(pot.budget, rule.minSharePercent)
            if (total < required) {
              violations.push({
                potId,
                code: 'below_min_share',
                minSharePercent: rule.minSharePercent,
                required,
                total,
              })
            }
          }
        }
        break
      }
      case 'cumulative': {
        let total = 0
        for (const { choice } of valid) {
          total += choice.weight
          if (choice.weight > rule.maxPerProject) {
            violations.push({
              potId,
              code: 'per_project_exceeded',
              projectId: choice.projectId,
              max: rule.maxPerProject,
              weight: choice.weight,
            })
          }
        }
        if (total > rule.points) {
          violations.push({ potId, code: 'points_exceeded', points: rule.points, total })
        }
        break
      }
      case 'ranked': {
        const ranks = valid.map(({ choice }) => choice.weight).sort((a, b) => a - b)
        const distinct: number[] = []
        for (let i = 0; i < ranks.length; i++) {
          if (i > 0 && ranks[i] === ranks[i - 1]) {
            if (ranks[i] !== ranks[i - 2])
              violations.push({ potId, code: 'rank_duplicate', rank: ranks[i] })
          } else {
            distinct.push(ranks[i])
          }
        }
        for (let expected = 1; expected <= distinct.length; expected++) {
          if (distinct[expected - 1] !== expected) {
            violations.push({ potId, code: 'rank_gap', missingRank: expected })
            break
          }
        }
        if (items.length > rule.maxRanks) {
          violations.push({ potId, code: 'too_many', max: rule.maxRanks, actual: items.length })
        }
        break
      }
      default:
        violations.push({ potId, code: 'unknown_rule', kind: (rule as { kind?: unknown })?.kind })
    }
  }
  return violations
}

/**
 * One line naming a violation and its facts, e.g. `pot 1: too_many (max 3, actual 4)`: the detail of
 * the replicas' `rule_violation` rejection.
 */
export function describeViolation(violation: RuleViolation): string {
  const { potId, code, ...facts } = violation
  const where = potId === null ? '' : `pot ${potId}: `
  const list = Object.entries(facts).map(([name, value]) => `${name} ${String(value)}`)
  return `${where}${code}${list.length > 0 ? ` (${list.join(', ')})` : ''}`
}
