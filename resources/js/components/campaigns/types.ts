/** Shapes the campaigns pages receive (DTOs from app/campaigns/dto.ts). */
import type { BallotRule } from '@civic-budget/protocol/rules'

export type Stage =
  'drafting' | 'ideas' | 'review' | 'voting' | 'results' | 'implementation' | 'finished'

export type Translations = { en?: string; ru?: string; uk?: string }

export type { BallotRule } from '@civic-budget/protocol/rules'

export interface CampaignForm {
  id: number
  slug: string
  communityId: number
  title: Translations
  description: Translations
  totalBudget: number
  currency: string
  stage: Stage
  supportThreshold: number
  ideasOpensAt: string | null
  reviewOpensAt: string | null
  votingOpensAt: string | null
  votingClosesAt: string | null
  implementationOpensAt: string | null
  finishesAt: string | null
  eligibilityMode: 'anyone' | 'residents' | 'census'
  acceptedDistrictSource: 'declared' | 'verified'
  minAge: number | null
  outcomeRule: 'greedy' | 'equal_shares' | 'equal_shares_add1'
  liveResultsPublic: boolean
}

export interface Pot {
  id: number
  name: string
  names: Translations
  budget: number
  kind: 'size' | 'district'
  districtId: number | null
  rule: BallotRule
  minSupport: number
  /** Staff forms only: the cost band of projects on the pot. */
  minProjectCost?: number | null
  maxProjectCost?: number | null
}

export interface TimelineEntry {
  stage: Stage
  opensAt: string | null
  state: 'done' | 'current' | 'upcoming'
}

export const DATE_FIELDS = [
  'ideasOpensAt',
  'reviewOpensAt',
  'votingOpensAt',
  'votingClosesAt',
  'implementationOpensAt',
  'finishesAt',
] as const
export type DateField = (typeof DATE_FIELDS)[number]
