export type IdeaStatus =
  'draft' | 'published' | 'in_review' | 'on_ballot' | 'rejected' | 'hidden' | 'merged'

export interface IdeaSummary {
  id: number
  campaignId: number
  title: string
  excerpt: string
  status: IdeaStatus
  categoryId: number | null
  potId: number | null
  districtId: number | null
  estimatedCost: number | null
  supportCount: number
  publishedAt: string | null
  latitude: number | null
  longitude: number | null
}

export interface Attachment {
  id: number
  name: string
  mime: string
  size: number
  sha256: string
  url: string
  /** A photo's thumbnail (null for documents). */
  thumbUrl: string | null
}

export interface IdeaDetail extends IdeaSummary {
  description: string
  location: string | null
  locale: string
  hiddenReason: string | null
  rejectionReason: string | null
  mergedIntoId: number | null
  attachments: Attachment[]
}

export interface Named {
  id: number
  name: string
}

export interface ResidentCampaign {
  id: number
  slug: string
  title: string
  stage: string
  currency: string
  supportThreshold: number
  pots: (Named & { budget: number })[]
  categories: Named[]
  districts: Named[]
}

export interface StaffCampaign {
  id: number
  title: string
  stage: string
  currency: string
  communityId: number
  supportThreshold: number
}
