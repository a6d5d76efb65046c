/*
| The proposals module's surface for the voting module and the campaign API:
| the projects on a campaign's ballot, in pot order then position.
*/
import Project from '#proposals/models/project'

export interface BallotProject {
  id: number
  title: string
  cost: number
  potId: number
}

export async function projectsOnBallot(campaignId: number): Promise<BallotProject[]> {
  const projects = await Project.query()
    .where('campaignId', campaignId)
    .orderBy('potId')
    .orderBy('position')
    .orderBy('id')
    .limit(1000)
  return projects.map((project) => ({
    id: project.id,
    title: project.title,
    cost: project.cost,
    potId: project.potId,
  }))
}
