/*
| Commands of implementation tracking. Each runs in one transaction with the project row
| locked (`SELECT … FOR UPDATE`) and writes its audit row in that transaction; the campaign
| is read by the caller before the lock (so a waiting transaction needs no second connection).
|
| Invariants:
| - a project is marked funded/unfunded only once its campaign reached the results stage;
| - status, progress and milestones change only on funded projects;
| - every funded project has a `project_implementation` row (created when it is funded);
| - a milestone has at most PHOTOS_PER_MILESTONE_MAX photos.
*/
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { audit, type AuditActor } from '#shared/audit'
import { emitDomainEvent } from '#shared/domain_events'
import { notFound, withLockedRow, type Invalid, type NotFound } from '#shared/actions'
import type { StoredBlob } from '#shared/uploads'
import type Campaign from '#campaigns/models/campaign'
import { stageIndex } from '#campaigns/stages'
import Project from '#proposals/models/project'
import Idea from '#proposals/models/idea'
import { recordFollowerNotices } from '#proposals/services/follower_notices'
import { deliver, type PendingNotice } from '#proposals/services/notify'
import ProjectImplementation from '#implementation/models/project_implementation'
import ProjectMilestone from '#implementation/models/project_milestone'
import MilestonePhoto from '#implementation/models/milestone_photo'
import {
  PHOTOS_PER_MILESTONE_MAX,
  type MilestoneInput,
  type ProgressInput,
} from '#implementation/validators/implementation_validators'

type NotFunded = { outcome: 'not_funded' }
const notFunded: NotFunded = { outcome: 'not_funded' }

/** Funding is decided from the results stage on (results, implementation, finished). */
export function isFundingOpen(campaign: Campaign): boolean {
  return stageIndex(campaign.stage) >= stageIndex('results')
}

/** Runs `work` with the project row locked (only a project of `campaign`). */
function withLockedProject<T>(
  campaign: Campaign,
  projectId: number,
  work: (project: Project, trx: TransactionClientContract) => Promise<T>
): Promise<T | NotFound> {
  return withLockedRow(Project, { id: projectId, campaignId: campaign.id }, work)
}

const projectSubject = (id: number) => ({ type: 'project', id })

/** Marks a project funded (creating its implementation row) or unfunded. */
export async function setFunding(
  actor: AuditActor,
  campaign: Campaign,
  projectId: number,
  funded: boolean
): Promise<{ outcome: 'ok' | 'unchanged' } | { outcome: 'too_early' } | NotFound> {
  if (!isFundingOpen(campaign)) return { outcome: 'too_early' }
  const notices: PendingNotice[] = []
  const result = await withLockedProject(campaign, projectId, async (project, trx) => {
    if (project.funded === funded) return { outcome: 'unchanged' as const }
    project.useTransaction(trx)
    project.funded = funded
    project.fundedAt = funded ? DateTime.now() : null
    await project.save()
    if (funded) {
      const existing = await ProjectImplementation.find(project.id, { client: trx })
      if (!existing) {
        await ProjectImplementation.create(
          { projectId: project.id, status: 'planned', progressPercent: 0, updatedBy: actor.id },
          { client: trx }
        )
      }
    }
    await audit.record(
      actor,
      funded ? 'project.funded' : 'project.unfunded',
      projectSubject(project.id),
      { campaignId: campaign.id, before: { funded: !funded }, after: { funded } },
      { client: trx }
    )
    if (funded) notices.push(...(await tellFollowersFunded(trx, project)))
    return { outcome: 'ok' as const }
  })
  await deliver(notices)
  return result
}

/** The followers of the project's idea hear that it is funded. */
async function tellFollowersFunded(
  trx: TransactionClientContract,
  project: Project
): Promise<PendingNotice[]> {
  const idea = project.ideaId === null ? null : await Idea.find(project.ideaId, { client: trx })
  if (!idea) return []
  return recordFollowerNotices(trx, idea, 'followed_funded')
}

/** Records the status and progress percent of a funded project. */
export async function updateProgress(
  actor: AuditActor,
  campaign: Campaign,
  projectId: number,
  input: ProgressInput
): Promise<{ outcome: 'ok' } | NotFunded | NotFound> {
  return withLockedProject(campaign, projectId, async (project, trx) => {
    if (!project.funded) return notFunded
    const row = await ProjectImplementation.findOrFail(project.id, { client: trx })
    const before = { status: row.status, progressPercent: row.progressPercent }
    row.useTransaction(trx)
    row.merge({ ...input, updatedBy: actor.id })
    await row.save()
    await audit.record(
      actor,
      'implementation.updated',
      projectSubject(project.id),
      { campaignId: campaign.id, before, after: input },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}

/**
 * Creates (milestoneId null) or edits a milestone of a funded project, adding the photos
 * already stored on the disk and removing `removePhotoIds`. On `ok` the caller deletes
 * `removedKeys` from the disk; on any other outcome it deletes the new photos' files.
 */
export async function saveMilestone(
  actor: AuditActor,
  campaign: Campaign,
  projectId: number,
  milestoneId: number | null,
  input: Omit<MilestoneInput, 'photos'>,
  photos: StoredBlob[]
): Promise<
  | { outcome: 'ok'; milestone: ProjectMilestone; removedKeys: string[] }
  | Invalid
  | NotFunded
  | NotFound
> {
  return withLockedProject(campaign, projectId, async (project, trx) => {
    if (!project.funded) return notFunded
    let milestone: ProjectMilestone
    let before: Record<string, unknown> | null = null
    if (milestoneId === null) {
      milestone = new ProjectMilestone()
      milestone.merge({ projectId: project.id, createdBy: actor.id })
    } else {
      const found = await ProjectMilestone.query({ client: trx })
        .where('id', milestoneId)
        .where('projectId', project.id)
        .first()
      if (!found) return notFound
      milestone = found
      before = { date: found.date.toISODate(), description: found.description }
    }
    const existing =
      milestoneId === null
        ? []
        : await MilestonePhoto.query({ client: trx }).where('milestoneId', milestoneId)
    const removeIds = input.removePhotoIds ?? []
    const removed = existing.filter((photo) => removeIds.includes(photo.id))
    if (removed.length !== new Set(removeIds).size) {
      return { outcome: 'invalid', errors: [{ field: 'removePhotoIds', rule: 'unknown_photo' }] }
    }
    if (existing.length - removed.length + photos.length > PHOTOS_PER_MILESTONE_MAX) {
      return {
        outcome: 'invalid',
        errors: [
          { field: 'photos', rule: 'too_many_photos', meta: { max: PHOTOS_PER_MILESTONE_MAX } },
        ],
      }
    }
    milestone.useTransaction(trx)
    milestone.date = DateTime.fromJSDate(input.date, { zone: 'utc' }).startOf('day')
    milestone.description = input.description
    await milestone.save()
    for (const photo of removed) {
      photo.useTransaction(trx)
      await photo.delete()
    }
    for (const blob of photos) {
      await MilestonePhoto.create({ milestoneId: milestone.id, ...blob }, { client: trx })
    }
    await audit.record(
      actor,
      milestoneId === null ? 'milestone.created' : 'milestone.updated',
      { type: 'project_milestone', id: milestone.id },
      {
        campaignId: campaign.id,
        projectId: project.id,
        before,
        after: { date: milestone.date.toISODate(), description: milestone.description },
        photosAdded: photos.map((blob) => blob.sha256),
        photosRemoved: removed.map((photo) => photo.sha256),
      },
      { client: trx }
    )
    // A milestone is recorded once it is reached; editing it later is not news.
    if (milestoneId === null) {
      await emitDomainEvent(
        {
          type: 'milestone.reached',
          projectId: project.id,
          milestoneId: milestone.id,
          date: milestone.date.toISODate()!,
        },
        trx
      )
    }
    return {
      outcome: 'ok' as const,
      milestone,
      removedKeys: removed.map((photo) => photo.driveKey),
    }
  })
}

/** Removes a milestone with its photos; on `ok` the caller deletes `removedKeys` from the disk. */
export async function removeMilestone(
  actor: AuditActor,
  campaign: Campaign,
  projectId: number,
  milestoneId: number
): Promise<{ outcome: 'ok'; removedKeys: string[] } | NotFunded | NotFound> {
  return withLockedProject(campaign, projectId, async (project, trx) => {
    if (!project.funded) return notFunded
    const milestone = await ProjectMilestone.query({ client: trx })
      .where('id', milestoneId)
      .where('projectId', project.id)
      .first()
    if (!milestone) return notFound
    const photos = await MilestonePhoto.query({ client: trx }).where('milestoneId', milestone.id)
    milestone.useTransaction(trx)
    await milestone.delete()
    await audit.record(
      actor,
      'milestone.removed',
      { type: 'project_milestone', id: milestoneId },
      {
        campaignId: campaign.id,
        projectId: project.id,
        before: { date: milestone.date.toISODate(), description: milestone.description },
        photosRemoved: photos.map((photo) => photo.sha256),
      },
      { client: trx }
    )
    return { outcome: 'ok' as const, removedKeys: photos.map((photo) => photo.driveKey) }
  })
}

/**
 * The outcomes module's decision, applied in its transaction: exactly `fundedIds` of the campaign
 * are funded (new ones get their implementation row; existing rows, milestones and photos of
 * projects that stay funded are untouched), the others are unfunded. One audit row per change;
 * the followers of each newly funded project's idea are told.
 */
export async function applyFundingDecision(
  actor: AuditActor,
  campaign: Campaign,
  fundedIds: readonly number[],
  trx: TransactionClientContract
): Promise<{ funded: number[]; unfunded: number[] }> {
  const wanted = new Set(fundedIds)
  const projects = await Project.query({ client: trx })
    .where('campaignId', campaign.id)
    .orderBy('id')
    .forUpdate()
  const changes = { funded: [] as number[], unfunded: [] as number[] }
  const notices: PendingNotice[] = []
  // Followers are texted once the caller's transaction commits (never for a rolled-back outcome).
  trx.after('commit', () => deliver(notices))
  const now = DateTime.now()
  for (const project of projects) {
    const funded = wanted.has(project.id)
    if (project.funded === funded) continue
    project.useTransaction(trx)
    project.funded = funded
    project.fundedAt = funded ? now : null
    await project.save()
    if (funded && !(await ProjectImplementation.find(project.id, { client: trx }))) {
      await ProjectImplementation.create(
        {
          projectId: project.id,
          status: 'planned',
          progressPercent: 0,
          updatedBy: actor.type === 'staff' ? actor.id : null,
        },
        { client: trx }
      )
    }
    ;(funded ? changes.funded : changes.unfunded).push(project.id)
    if (funded) notices.push(...(await tellFollowersFunded(trx, project)))
    await audit.record(
      actor,
      funded ? 'project.funded' : 'project.unfunded',
      projectSubject(project.id),
      { campaignId: campaign.id, before: { funded: !funded }, after: { funded }, by: 'outcome' },
      { client: trx }
    )
  }
  return changes
}
