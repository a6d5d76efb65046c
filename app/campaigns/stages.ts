/*
| The stages of a PB cycle and which moves between them are allowed.
|
| Invariants (kept by change_stage and the scheduler, which both go through `transitionAllowed`):
| - Stages only move forward, one step at a time, in STAGES order, so every stage a
|   campaign went through has its own row in campaign_stage_changes.
| - The single backward move is review → ideas ("reopen"), by an admin, with a reason:
|   experts may send the cycle back for more ideas before anything was voted on. Nothing
|   moves back once voting has opened (ballots are on the ledger).
| - drafting → ideas (publishing) is an admin decision only; the scheduler never publishes.
*/
export const STAGES = [
  'drafting',
  'ideas',
  'review',
  'voting',
  'results',
  'implementation',
  'finished',
] as const
export type Stage = (typeof STAGES)[number]

/** The date column that opens each stage (drafting has none: publishing is manual). */
export const STAGE_OPENS_AT = {
  ideas: 'ideasOpensAt',
  review: 'reviewOpensAt',
  voting: 'votingOpensAt',
  results: 'votingClosesAt',
  implementation: 'implementationOpensAt',
  finished: 'finishesAt',
} as const satisfies Record<Exclude<Stage, 'drafting'>, string>

export type StageDateField = (typeof STAGE_OPENS_AT)[keyof typeof STAGE_OPENS_AT]
export const STAGE_DATE_FIELDS = Object.values(STAGE_OPENS_AT) as StageDateField[]

/** Stages in which the ballot-shaping settings (pots, rules, eligibility, outcome) may change. */
export const CONFIGURABLE_STAGES: readonly Stage[] = ['drafting', 'ideas', 'review']

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage)
}

export function nextStage(stage: Stage): Stage | null {
  return STAGES[stageIndex(stage) + 1] ?? null
}

export type TransitionKind = 'forward' | 'reopen'

/** Whether `from → to` is allowed, and what kind of move it is. */
export function transitionKind(from: Stage, to: Stage): TransitionKind | null {
  if (nextStage(from) === to) return 'forward'
  if (from === 'review' && to === 'ideas') return 'reopen'
  return null
}

/** Stages residents and the public API can see. */
export function isPublicStage(stage: Stage): boolean {
  return stage !== 'drafting'
}
