/*
| Read side of implementation tracking: funded projects with their status, progress and
| milestones as small DTOs (pages and the public API never get Lucid models).
*/
import Project from '#proposals/models/project'
import ProjectImplementation, {
  type ImplementationStatus,
} from '#implementation/models/project_implementation'
import ProjectMilestone from '#implementation/models/project_milestone'
import MilestonePhoto from '#implementation/models/milestone_photo'

export const PROJECTS_LIST_MAX = 1000

export interface PhotoDto {
  id: number
  url: string
}
export interface MilestoneDto {
  id: number
  date: string
  description: string
  photos: PhotoDto[]
}
export interface ProgressDto {
  projectId: number
  title: string
  cost: number
  status: ImplementationStatus
  progressPercent: number
  milestones: MilestoneDto[]
}

export function photoUrl(photoId: number): string {
  return `/implementation/photos/${photoId}`
}

/** Milestones (oldest first) with their photos, grouped by project id. */
async function milestonesOf(projectIds: number[]): Promise<Map<number, MilestoneDto[]>> {
  const byProject = new Map<number, MilestoneDto[]>()
  if (projectIds.length === 0) return byProject
  const milestones = await ProjectMilestone.query()
    .whereIn('projectId', projectIds)
    .orderBy('date')
    .orderBy('id')
  const photos = milestones.length
    ? await MilestonePhoto.query()
        .whereIn(
          'milestoneId',
          milestones.map((milestone) => milestone.id)
        )
        .orderBy('id')
    : []
  for (const milestone of milestones) {
    const list = byProject.get(milestone.projectId) ?? []
    list.push({
      id: milestone.id,
      date: milestone.date.toISODate()!,
      description: milestone.description,
      photos: photos
        .filter((photo) => photo.milestoneId === milestone.id)
        .map((photo) => ({ id: photo.id, url: photoUrl(photo.id) })),
    })
    byProject.set(milestone.projectId, list)
  }
  return byProject
}

/** Every funded project of the campaign (ballot order) with status, progress and milestones. */
export async function fundedProgress(campaignId: number): Promise<ProgressDto[]> {
  const projects = await Project.query()
    .where('campaignId', campaignId)
    .where('funded', true)
    .orderBy('potId')
    .orderBy('position')
    .orderBy('id')
    .limit(PROJECTS_LIST_MAX)
  return withProgress(projects).then((rows) =>
    rows.map(({ funded: _funded, fundedAt: _at, ...row }) => row)
  )
}

/** Projects (any) with their progress; unfunded ones default to planned/0 and no milestones. */
export async function withProgress(
  projects: Project[]
): Promise<(ProgressDto & { funded: boolean; fundedAt: string | null })[]> {
  const ids = projects.map((project) => project.id)
  const rows = ids.length ? await ProjectImplementation.query().whereIn('projectId', ids) : []
  const milestones = await milestonesOf(ids)
  return projects.map((project) => {
    const row = rows.find((candidate) => candidate.projectId === project.id)
    return {
      projectId: project.id,
      title: project.title,
      cost: project.cost,
      funded: project.funded,
      fundedAt: project.fundedAt?.toISO() ?? null,
      status: row?.status ?? 'planned',
      progressPercent: row?.progressPercent ?? 0,
      milestones: milestones.get(project.id) ?? [],
    }
  })
}
