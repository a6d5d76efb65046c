import type { CampaignPot, CampaignProject, PublicCampaign } from '@civic-budget/protocol/rules'

/** The voting page's campaign: protocol.md's public campaign plus display fields. */
export type VoteCampaign = PublicCampaign & { currency: string; minAge: number | null }
export type { CampaignPot, CampaignProject }

/** projectId → weight (absent = not chosen) */
export type Selection = Record<number, number>

export function choicesOf(selection: Selection) {
  return Object.entries(selection)
    .map(([projectId, weight]) => ({ projectId: Number(projectId), weight }))
    .filter((choice) => choice.weight > 0)
    .sort((a, b) => a.projectId - b.projectId)
}
