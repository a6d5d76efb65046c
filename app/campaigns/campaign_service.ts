import type Resident from '#identity/models/resident'
import Campaign from '#campaigns/models/campaign'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignCategory from '#campaigns/models/campaign_category'
import CensusEntry, { type CensusKind } from '#campaigns/models/census_entry'
import { normalizeRule, type BallotRule, type BallotRuleInput } from '#campaigns/ballot_rules'
import { censusHash, normalizeCensusValue } from '#campaigns/services/census'
import { isWithin } from '#communities/community_tree'
import { isPublicStage, type Stage } from '#campaigns/stages'
import { rowId } from '#shared/row_id'

/*
| The campaigns module's surface for other modules (proposals, voting, outcomes,
| reporting). Nothing outside app/campaigns should query its tables directly.
*/

export type { Stage } from '#campaigns/stages'
export type { BallotRule } from '#campaigns/ballot_rules'
export { STAGES, transitionKind, nextStage } from '#campaigns/stages'
export { translate } from '#campaigns/translations'
export { publicCampaignDto } from '#campaigns/dto'

/** A published campaign (any stage but drafting) by id, or null: drafts are invisible. */
export async function findPublic(id: number): Promise<Campaign | null> {
  if (rowId(id) === null) return null
  const campaign = await Campaign.find(id)
  return campaign && isPublicStage(campaign.stage) ? campaign : null
}

/** A published campaign by slug, or null. */
export async function findPublicBySlug(slug: string): Promise<Campaign | null> {
  const campaign = await Campaign.findBy('slug', slug)
  return campaign && isPublicStage(campaign.stage) ? campaign : null
}

/** A published campaign by id or by slug (the public API accepts either), or null. */
export async function findPublicByRef(ref: string): Promise<Campaign | null> {
  if (/^\d{1,16}$/.test(ref)) {
    const byId = await findPublic(Number(ref))
    if (byId) return byId
  }
  return ref.length <= 80 ? findPublicBySlug(ref.toLowerCase()) : null
}

export function currentStage(campaign: Campaign): Stage {
  return campaign.stage
}

/** Whether ballots may be cast now (the stage; the ledger also checks the window by block time). */
export function isVotingOpen(campaign: Campaign): boolean {
  return campaign.stage === 'voting'
}

/** Whether ideas may be submitted and supported now. */
/**
 * Whether live counts are hidden: during voting when the campaign does not show live results
 * (Decidim #12348). One rule for every results API, page, widget, report and export.
 */
export function liveCountsHidden(campaign: Pick<Campaign, 'stage' | 'liveResultsPublic'>): boolean {
  return campaign.stage === 'voting' && !campaign.liveResultsPublic
}

export function isIdeasOpen(campaign: Campaign): boolean {
  return campaign.stage === 'ideas'
}

export interface PotWithRule {
  id: number
  name: Campaign['title']
  budget: number
  kind: CampaignPot['kind']
  districtId: number | null
  /** The cost band of its projects (null: no bound). */
  minProjectCost: number | null
  maxProjectCost: number | null
  rule: BallotRule
}

/** The pots of a campaign in display order, each with its ballot rule. */
export async function potsWithRules(campaign: Campaign): Promise<PotWithRule[]> {
  const pots = await CampaignPot.query()
    .where('campaignId', campaign.id)
    .orderBy('position')
    .orderBy('id')
  return pots.map((pot) => ({
    id: pot.id,
    name: pot.name,
    budget: pot.budget,
    kind: pot.kind,
    districtId: pot.districtId,
    minProjectCost: pot.minProjectCost,
    maxProjectCost: pot.maxProjectCost,
    rule: normalizeRule(pot.ballotRule as BallotRuleInput),
  }))
}

export async function categoriesOf(campaign: Campaign) {
  const categories = await CampaignCategory.query()
    .where('campaignId', campaign.id)
    .orderBy('position')
  return categories.map((category) => ({ id: category.id, name: category.name }))
}

export type IneligibleReason =
  | 'not_signed_in'
  | 'no_district'
  | 'outside_community'
  | 'not_in_register'
  | 'district_mismatch'
  | 'district_unverified'
  | 'age_unconfirmed'
  | 'under_age'

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason }

export interface EligibilityOptions {
  /**
   * The person's age in whole years, when the caller knows it (a self-declared
   * "I am at least N" confirmation counts as `age: N`). Needed when the campaign
   * has a minimum age: without it the answer is `age_unconfirmed`.
   */
  age?: number | null
}

/**
 * May this resident take part? By the campaign's mode:
 * - `anyone`: any signed-in resident;
 * - `residents`: the resident's (self-declared) district lies in the campaign's
 *   community; if the campaign has a phone census register, the phone must be
 *   on it, and in the same district when the register says one;
 * - `census`: the phone must be on the campaign's census register.
 * Then the minimum age, if any. Stages are not considered here.
 */
export async function isEligible(
  resident: Resident | null,
  campaign: Campaign,
  options: EligibilityOptions = {}
): Promise<Eligibility> {
  if (!resident) return { eligible: false, reason: 'not_signed_in' }
  const byMode = await eligibleByMode(resident, campaign)
  if (!byMode.eligible) return byMode
  if (campaign.minAge !== null && campaign.minAge > 0) {
    if (options.age === undefined || options.age === null) {
      return { eligible: false, reason: 'age_unconfirmed' }
    }
    if (options.age < campaign.minAge) return { eligible: false, reason: 'under_age' }
  }
  return { eligible: true }
}

async function eligibleByMode(resident: Resident, campaign: Campaign): Promise<Eligibility> {
  switch (campaign.eligibilityMode) {
    case 'anyone':
      return { eligible: true }
    case 'residents': {
      if (resident.districtId === null) return { eligible: false, reason: 'no_district' }
      if (!(await isWithin(resident.districtId, campaign.communityId))) {
        return { eligible: false, reason: 'outside_community' }
      }
      const hasRegister = await CensusEntry.query()
        .where('campaignId', campaign.id)
        .where('kind', 'phone')
        .first()
      let verified = resident.districtSource === 'verified'
      if (hasRegister) {
        // A resident who signed in through an identity provider may have no phone yet.
        const entry = resident.phoneE164
          ? await findCensusEntry(campaign, 'phone', resident.phoneE164)
          : null
        if (!entry) return { eligible: false, reason: 'not_in_register' }
        if (entry.districtId !== null && entry.districtId !== resident.districtId) {
          return { eligible: false, reason: 'district_mismatch' }
        }
        verified ||= entry.districtId === resident.districtId
      }
      if (campaign.acceptedDistrictSource === 'verified' && !verified) {
        return { eligible: false, reason: 'district_unverified' }
      }
      return { eligible: true }
    }
    case 'census': {
      const entry = resident.phoneE164
        ? await findCensusEntry(campaign, 'phone', resident.phoneE164)
        : null
      return entry ? { eligible: true } : { eligible: false, reason: 'not_in_register' }
    }
  }
}

/**
 * Whether a phone (any format the importer accepts) or an ID hash is on the
 * campaign's census register — for channels that identify people their own way
 * (kiosks, paper-ballot stations).
 */
export async function censusContains(
  campaign: Campaign,
  kind: CensusKind,
  rawValue: string
): Promise<boolean> {
  return (await findCensusEntry(campaign, kind, rawValue)) !== null
}

async function findCensusEntry(
  campaign: Campaign,
  kind: CensusKind,
  rawValue: string
): Promise<CensusEntry | null> {
  const value = normalizeCensusValue(kind, rawValue)
  if (value === null) return null
  return CensusEntry.query()
    .where('campaignId', campaign.id)
    .where('kind', kind)
    .where('valueHash', censusHash(kind, value))
    .first()
}
