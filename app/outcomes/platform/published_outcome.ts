import type { OutcomeRule } from '#campaigns/models/campaign'
import CampaignOutcome from '#outcomes/models/campaign_outcome'

/*
 * The published outcome as the public sees it (results page, widget, results API): per pot the
 * funded projects in the order the rule selected them, and the reason when an admin overrode the
 * rule (CONSUL #5857). Exact rule internals (ρ, caps) stay on the staff screens.
 */
export interface PublishedOutcome {
  rule: OutcomeRule
  publishedAt: string
  tallyHash: string
  /** Set when an admin replaced the rule's selection; always shown with the outcome. */
  overrideReason: string | null
  pots: {
    id: number
    /** The rule used for this pot (greedy when the campaign's rule is not defined for its ballots). */
    rule: OutcomeRule
    fallback: boolean
    budget: number
    cost: number
    selected: number[]
  }[]
}

export async function publishedOutcome(campaignId: number): Promise<PublishedOutcome | null> {
  const row = await CampaignOutcome.find(campaignId)
  if (!row?.publishedAt) return null
  return {
    rule: row.rule,
    publishedAt: row.publishedAt.toISO()!,
    tallyHash: row.tallyHash,
    overrideReason: row.overrideReason,
    pots: row.pots.map((pot) => ({
      id: pot.potId,
      rule: pot.rule,
      fallback: pot.fallback,
      budget: pot.budget,
      cost: pot.totalCost,
      selected: pot.selected.map((s) => s.projectId),
    })),
  }
}
