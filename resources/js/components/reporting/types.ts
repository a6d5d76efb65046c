import type { DecryptionSummaryData } from '~/components/trustees/decryption_summary'

export interface ResultsProject {
  id: number
  title: string
  cost: number
  votes: number
  points: number
}

export interface ResultsPot {
  id: number
  name: string
  budget: number
  ballots: number
  projects: ResultsProject[]
}

/** The published outcome: per pot the funded project ids in selection order. */
export interface ResultsOutcome {
  rule: 'greedy' | 'equal_shares' | 'equal_shares_add1'
  publishedAt: string
  overrideReason: string | null
  pots: { id: number; fallback: boolean; budget: number; cost: number; selected: number[] }[]
}

export interface ResultsData {
  /** An encrypted campaign not yet decrypted: turnout only, `pots` and `districts` empty. */
  sealed: boolean
  ballots: number
  channels: { online: number; terminal: number; paper: number; import?: number }
  updatedAtHeight: number
  districts: {
    id: number
    name: string
    population: number
    ballots: number
    perThousand: number | null
  }[]
  pots: ResultsPot[]
  /** null until the outcome is published. */
  outcome: ResultsOutcome | null
}

export interface ResultsCampaign {
  id: number
  slug: string
  title: string
  stage: string
  currency: string
}

export interface ResultsProps {
  campaign: ResultsCampaign
  /** null while the campaign hides live results. */
  results: ResultsData | null
  /** An encrypted campaign's decryption (null for a clear campaign or while results are hidden). */
  decryption?: DecryptionSummaryData | null
}
