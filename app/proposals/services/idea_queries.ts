/*
| Read side of the proposals module: the ideas list with search, filters, sorting and
| pagination; DTOs for pages and the API (plain objects, never models).
*/
import type Campaign from '#campaigns/models/campaign'
import { iso } from '#campaigns/dto'
import Idea, { PUBLIC_STATUSES, type IdeaStatus } from '#proposals/models/idea'
import Project from '#proposals/models/project'
import type IdeaAttachment from '#proposals/models/idea_attachment'
import { applySearch, tsQuery } from '#proposals/services/idea_search'
import type { IdeaSearchInput } from '#proposals/validators/idea_validators'
import { displayNames } from '#proposals/services/discussion_queries'

export const PAGE_SIZE = 20
/** At most this many markers on a campaign's map (newest first). */
const MAPPED_MAX = 1000
const LISTED: readonly IdeaStatus[] = ['published', 'in_review', 'on_ballot', 'rejected']

export async function searchIdeas(campaign: Campaign, filters: IdeaSearchInput) {
  const query = Idea.query().where('campaignId', campaign.id)
  if (filters.status) query.where('status', filters.status)
  else query.whereIn('status', [...LISTED])
  if (filters.categoryId) query.where('categoryId', filters.categoryId)
  if (filters.potId) query.where('potId', filters.potId)
  if (filters.districtId) query.where('districtId', filters.districtId)
  const sort = filters.sort ?? (filters.q ? 'relevance' : 'newest')
  const searched = filters.q ? applySearch(query, filters.q, sort === 'relevance') : false
  if (filters.q && !searched) query.whereRaw('false')
  switch (sort) {
    case 'oldest':
      query.orderBy('publishedAt', 'asc')
      break
    case 'supports':
      query.orderBy('supportCount', 'desc')
      break
    case 'cost':
      query.orderByRaw('estimated_cost ASC NULLS LAST')
      break
    default:
      query.orderBy('publishedAt', 'desc')
  }
  query.orderBy('id', 'desc')
  const page = await query.paginate(filters.page ?? 1, PAGE_SIZE)
  const authorNames = await displayNames(page.all().map((idea) => idea.authorId))
  return {
    ideas: page.all().map((idea) => ({
      ...ideaSummaryDto(idea),
      authorName: authorNames.get(idea.authorId) ?? null,
    })),
    meta: { total: page.total, page: page.currentPage, lastPage: page.lastPage },
  }
}

/** Markers of the campaign's listed ideas that have a place (the ideas page's map). */
export async function mappedIdeas(campaign: Campaign) {
  const ideas = await Idea.query()
    .where('campaignId', campaign.id)
    .whereIn('status', [...LISTED])
    .whereNotNull('latitude')
    .orderBy('id', 'desc')
    .select('id', 'title', 'latitude', 'longitude')
    .limit(MAPPED_MAX)
  return ideas.map((idea) => ({
    id: idea.id,
    title: idea.title,
    latitude: idea.latitude!,
    longitude: idea.longitude!,
  }))
}

export function ideaSummaryDto(idea: Idea) {
  return {
    id: idea.id,
    campaignId: idea.campaignId,
    title: idea.title,
    excerpt: idea.description.slice(0, 240),
    status: idea.status,
    categoryId: idea.categoryId,
    potId: idea.potId,
    districtId: idea.districtId,
    estimatedCost: idea.estimatedCost,
    supportCount: idea.supportCount,
    publishedAt: iso(idea.publishedAt),
    latitude: idea.latitude,
    longitude: idea.longitude,
  }
}

export function ideaDto(idea: Idea, attachments: IdeaAttachment[]) {
  return {
    ...ideaSummaryDto(idea),
    description: idea.description,
    location: idea.location,
    locale: idea.locale,
    hiddenReason: idea.hiddenReason,
    rejectionReason: idea.rejectionReason,
    mergedIntoId: idea.mergedIntoId,
    attachments: attachments.map(attachmentDto),
  }
}

export function attachmentDto(attachment: IdeaAttachment) {
  return {
    id: attachment.id,
    name: attachment.originalName,
    mime: attachment.mime,
    size: attachment.size,
    sha256: attachment.sha256,
    url: `/ideas/${attachment.ideaId}/attachments/${attachment.id}`,
    thumbUrl: attachment.thumbDriveKey
      ? `/ideas/${attachment.ideaId}/attachments/${attachment.id}/thumb`
      : null,
  }
}

export function isPubliclyVisible(idea: Idea) {
  return PUBLIC_STATUSES.includes(idea.status)
}

/** Public API: projects of a campaign, optionally searched (through their ideas) and sorted. */
export async function searchProjects(
  campaignId: number,
  filters: { q?: string; potId?: number; sort?: 'position' | 'cost' | 'title' | 'relevance' }
) {
  const query = Project.query()
    .where('projects.campaign_id', campaignId)
    .join('ideas', 'ideas.id', 'projects.idea_id')
    .select('projects.*')
  if (filters.potId) query.where('projects.pot_id', filters.potId)
  const sort = filters.sort ?? (filters.q ? 'relevance' : 'position')
  if (filters.q) {
    const ts = tsQuery(filters.q)
    if (!ts) query.whereRaw('false')
    else {
      query.whereRaw(`ideas.search_vector @@ ${ts.sql}`, ts.bindings)
      if (sort === 'relevance') {
        query.orderByRaw(`ts_rank(ideas.search_vector, ${ts.sql}) DESC`, ts.bindings)
      }
    }
  }
  if (sort === 'cost') query.orderBy('projects.cost', 'asc')
  if (sort === 'title') query.orderBy('projects.title', 'asc')
  query.orderBy('projects.pot_id').orderBy('projects.position').orderBy('projects.id').limit(1000)
  const projects = await query
  return projects.map(projectDto)
}

export function projectDto(project: Project) {
  return {
    id: project.id,
    campaignId: project.campaignId,
    ideaId: project.ideaId,
    title: project.title,
    cost: project.cost,
    potId: project.potId,
    position: project.position,
  }
}
