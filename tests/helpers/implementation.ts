/*
| Test factories of the implementation module:
|
|   const fx = await resultsCampaign()              // campaign in results, two projects
|   await fund(fx.project)                           // funded, planned 0 %
|   await client.put(`/staff/implementation/projects/${id}/progress`)…
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { Stage } from '#campaigns/stages'
import Project from '#proposals/models/project'
import ProjectImplementation from '#implementation/models/project_implementation'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'

/** A real 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')

/** A city campaign in `stage` (results by default) with two projects on the ballot. */
export async function resultsCampaign(stage: Stage = 'results') {
  const made = await ideasCampaign({ stage })
  const projects: Project[] = []
  for (const [index, title] of ['Playground', 'Bike lanes'].entries()) {
    const idea = await makeIdea(made.campaign, made.author, { status: 'on_ballot', title })
    projects.push(
      await Project.create({
        ideaId: idea.id,
        campaignId: made.campaign.id,
        potId: made.pot.id,
        title,
        cost: 1000 * (index + 1),
        position: index,
      })
    )
  }
  await Promise.all(projects.map((project) => project.refresh()))
  return { ...made, project: projects[0], second: projects[1] }
}

/** Marks a project funded directly (planned, 0 %), as the outcomes module will. */
export async function fund(project: Project) {
  project.funded = true
  project.fundedAt = DateTime.now()
  await project.save()
  await ProjectImplementation.create({
    projectId: project.id,
    status: 'planned',
    progressPercent: 0,
  })
}

/** Row counts and content digests of the module's tables (to assert that nothing changed). */
export async function implementationState() {
  const funded = await db.from('projects').where('funded', true).count('* as total')
  const rows = await db
    .from('project_implementation')
    .select('project_id', 'status', 'progress_percent')
    .orderBy('project_id')
  const milestones = await db
    .from('project_milestones')
    .select('id', 'date', 'description')
    .orderBy('id')
  const photos = await db.from('milestone_photos').count('* as total')
  return {
    funded: Number(funded[0].total),
    rows: rows.map((row) => `${row.project_id}:${row.status}:${row.progress_percent}`),
    milestones: milestones.map((row) => `${row.id}:${String(row.description)}`),
    photos: Number(photos[0].total),
  }
}
