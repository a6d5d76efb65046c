import type { DateTime } from 'luxon'
import type Campaign from '#campaigns/models/campaign'
import type CampaignPot from '#campaigns/models/campaign_pot'
import type CampaignCategory from '#campaigns/models/campaign_category'
import type CampaignStageChange from '#campaigns/models/campaign_stage_change'
import { STAGE_OPENS_AT, STAGES, type Stage } from '#campaigns/stages'
import { translate } from '#campaigns/translations'
import deploymentConfig from '#config/deployment'
import { normalizeRule, type BallotRule, type BallotRuleInput } from '#campaigns/ballot_rules'

/** A stored rule with its keys in protocol.md order (JSONB does not keep key order). */
function canonicalRule(rule: BallotRule): BallotRule {
  return normalizeRule(rule as BallotRuleInput)
}

/*
| What pages and the API see of a campaign: small plain objects, never models.
*/
/** `2027-03-01T06:00:00Z`, as protocol.md writes instants. */
export const iso = (value: DateTime | null) =>
  value ? value.toUTC().toISO({ suppressMilliseconds: true }) : null

export interface TimelineEntry {
  stage: Stage
  opensAt: string | null
  state: 'done' | 'current' | 'upcoming'
}

export function timeline(campaign: Campaign): TimelineEntry[] {
  const current = STAGES.indexOf(campaign.stage)
  return STAGES.filter((stage) => stage !== 'drafting').map((stage) => {
    const index = STAGES.indexOf(stage)
    const opensAt = campaign[STAGE_OPENS_AT[stage as Exclude<Stage, 'drafting'>]]
    return {
      stage,
      opensAt: iso(opensAt),
      state: index < current ? 'done' : index === current ? 'current' : 'upcoming',
    }
  })
}

export function potDto(pot: CampaignPot, locale: string) {
  return {
    id: pot.id,
    name: translate(pot.name, locale),
    budget: pot.budget,
    kind: pot.kind,
    districtId: pot.districtId,
    rule: canonicalRule(pot.ballotRule),
  }
}

/** Staff forms edit every translation. */
export function potFormDto(pot: CampaignPot) {
  return {
    ...potDto(pot, deploymentConfig.contentLanguages[0]),
    names: pot.name,
    minSupport: pot.minSupport ?? 1,
    minProjectCost: pot.minProjectCost,
    maxProjectCost: pot.maxProjectCost,
  }
}

export function categoryDto(category: CampaignCategory, locale: string) {
  return { id: category.id, name: translate(category.name, locale), names: category.name }
}

export function stageChangeDto(change: CampaignStageChange) {
  return {
    id: change.id,
    from: change.fromStage,
    to: change.toStage,
    by: change.actorType,
    staffUserId: change.staffUserId,
    reason: change.reason,
    at: iso(change.changedAt),
  }
}

/** A campaign as a list row. */
export function campaignSummaryDto(campaign: Campaign, locale: string) {
  return {
    id: campaign.id,
    slug: campaign.slug,
    title: translate(campaign.title, locale),
    stage: campaign.stage,
    communityId: campaign.communityId,
    totalBudget: campaign.totalBudget,
    currency: campaign.currency,
    votingOpensAt: iso(campaign.votingOpensAt),
    votingClosesAt: iso(campaign.votingClosesAt),
  }
}

/** The whole configuration, for staff screens. */
export function campaignFormDto(campaign: Campaign) {
  return {
    id: campaign.id,
    slug: campaign.slug,
    communityId: campaign.communityId,
    title: campaign.title,
    description: campaign.description,
    totalBudget: campaign.totalBudget,
    currency: campaign.currency,
    stage: campaign.stage,
    supportThreshold: campaign.supportThreshold,
    ideasOpensAt: iso(campaign.ideasOpensAt),
    reviewOpensAt: iso(campaign.reviewOpensAt),
    votingOpensAt: iso(campaign.votingOpensAt),
    votingClosesAt: iso(campaign.votingClosesAt),
    implementationOpensAt: iso(campaign.implementationOpensAt),
    finishesAt: iso(campaign.finishesAt),
    eligibilityMode: campaign.eligibilityMode,
    acceptedDistrictSource: campaign.acceptedDistrictSource,
    minAge: campaign.minAge,
    outcomeRule: campaign.outcomeRule,
    liveResultsPublic: campaign.liveResultsPublic,
  }
}

/** protocol.md "The public campaign". */
export function publicCampaignDto(campaign: Campaign, pots: CampaignPot[], locale: string) {
  return {
    id: campaign.id,
    slug: campaign.slug,
    title: translate(campaign.title, locale),
    stage: campaign.stage,
    votingOpensAt: iso(campaign.votingOpensAt),
    votingClosesAt: iso(campaign.votingClosesAt),
    // The voting module adds the registrar key; until then there is none.
    registrarPublicKey: null as string | null,
    pots: pots.map((pot) => ({
      id: pot.id,
      name: translate(pot.name, locale),
      budget: pot.budget,
      rule: canonicalRule(pot.ballotRule),
    })),
    // The proposals module fills in the projects on the ballot.
    projects: [] as { id: number; title: string; cost: number; potId: number }[],
  }
}
