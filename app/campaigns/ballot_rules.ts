import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import type { ApprovalRule, BallotRule, BallotRuleKind } from '@civic-budget/protocol/rules'

/*
| Ballot rules of a pot (protocol.md, "The public campaign"). Stored as JSONB in
| campaign_pots.ballot_rule exactly in the wire shape.
*/
export const BALLOT_RULE_KINDS = ['approval', 'knapsack', 'cumulative', 'ranked'] as const

// The wire shape is declared once, in the protocol package.
export type {
  ApprovalRule,
  BallotRule,
  BallotRuleKind,
  CumulativeRule,
  KnapsackRule,
  RankedRule,
} from '@civic-budget/protocol/rules'

/** Limits on every rule (a ballot is a bounded object). */
export const SELECTIONS_MAX = 100
export const POINTS_MAX = 1000

export const DEFAULT_BALLOT_RULE: ApprovalRule = {
  kind: 'approval',
  minSelections: 1,
  maxSelections: 3,
}

const count = () => vine.number().withoutDecimals()

/** One VineJS schema per rule kind, joined by `kind`. */
export const ballotRuleSchema = vine
  .group([
    vine.group.if((data) => data.kind === 'approval', {
      minSelections: count().min(0).max(SELECTIONS_MAX),
      maxSelections: count()
        .min(1)
        .max(SELECTIONS_MAX)
        .use(
          vine.createRule((value, _options, field) => {
            const min = (field.parent as { minSelections?: unknown }).minSelections
            if (typeof value === 'number' && typeof min === 'number' && value < min) {
              field.report('Must not be less than the minimum', 'campaigns.max_below_min', field)
            }
          })()
        ),
    }),
    vine.group.if((data) => data.kind === 'knapsack', {
      minSharePercent: count().min(0).max(100),
    }),
    vine.group.if((data) => data.kind === 'cumulative', {
      points: count().min(1).max(POINTS_MAX),
      maxPerProject: count()
        .min(1)
        .use(
          vine.createRule((value, _options, field) => {
            const points = (field.parent as { points?: unknown }).points
            if (typeof value === 'number' && typeof points === 'number' && value > points) {
              field.report(
                'Must not exceed the points',
                'campaigns.max_per_project_above_points',
                field
              )
            }
          })()
        ),
    }),
    vine.group.if((data) => data.kind === 'ranked', {
      maxRanks: count().min(1).max(SELECTIONS_MAX),
    }),
  ])
  .otherwise(() => {})

/** A rule as sent by a form: `{ kind, …the fields of that kind }`. */
export const ballotRuleObject = vine
  .object({ kind: vine.enum(BALLOT_RULE_KINDS) })
  .merge(ballotRuleSchema)

export type BallotRuleInput = Infer<typeof ballotRuleObject>

/** Keeps only the fields of the rule's kind (JSONB holds exactly the wire shape). */
export function normalizeRule(input: BallotRuleInput): BallotRule {
  const rule = input as Record<string, unknown> & { kind: BallotRuleKind }
  switch (rule.kind) {
    case 'approval':
      return {
        kind: 'approval',
        minSelections: Number(rule.minSelections),
        maxSelections: Number(rule.maxSelections),
      }
    case 'knapsack':
      return { kind: 'knapsack', minSharePercent: Number(rule.minSharePercent) }
    case 'cumulative':
      return {
        kind: 'cumulative',
        points: Number(rule.points),
        maxPerProject: Number(rule.maxPerProject),
      }
    case 'ranked':
      return { kind: 'ranked', maxRanks: Number(rule.maxRanks) }
  }
}

/** Structural check of a stored rule (assertion: the database only holds validated rules). */
export function isBallotRule(value: unknown): value is BallotRule {
  if (typeof value !== 'object' || value === null) return false
  const rule = value as Record<string, unknown>
  const int = (x: unknown) => Number.isInteger(x)
  switch (rule.kind) {
    case 'approval':
      return (
        int(rule.minSelections) &&
        int(rule.maxSelections) &&
        (rule.minSelections as number) <= (rule.maxSelections as number)
      )
    case 'knapsack':
      return int(rule.minSharePercent)
    case 'cumulative':
      return (
        int(rule.points) &&
        int(rule.maxPerProject) &&
        (rule.maxPerProject as number) <= (rule.points as number)
      )
    case 'ranked':
      return int(rule.maxRanks)
    default:
      return false
  }
}
