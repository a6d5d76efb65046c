export type ImplementationStatus = 'planned' | 'in_progress' | 'done' | 'cancelled'

export interface Photo {
  id: number
  url: string
}
export interface Milestone {
  id: number
  date: string
  description: string
  photos: Photo[]
}
export interface ProjectProgress {
  projectId: number
  title: string
  cost: number
  status: ImplementationStatus
  progressPercent: number
  milestones: Milestone[]
}
export interface ImplementationCampaign {
  id: number
  slug: string
  title: string
  stage: string
  currency: string
  fundingOpen: boolean
}
