import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Project from '#proposals/models/project'

export interface DemoProject {
  title: string
  /** Minor units (kopecks). */
  cost: number
  potId: number
  locale: 'en' | 'ru' | 'uk'
}

/**
 * Demo data: projects on a demo campaign's ballot, each from an idea by the first demo resident
 * published at `publishedAt`, in the given order.
 */
export async function seedDemoProjects(
  campaignId: number,
  projects: DemoProject[],
  publishedAt: Date,
  trx: TransactionClientContract
): Promise<void> {
  const author = await trx.from('residents').orderBy('id').select('id').first()
  if (!author) throw new Error('demo projects: seed the demo residents first')
  for (const [position, { title, cost, potId, locale }] of projects.entries()) {
    const [idea] = await trx
      .table('ideas')
      .insert({
        campaign_id: campaignId,
        author_id: author.id,
        status: 'on_ballot',
        title,
        description: title,
        pot_id: potId,
        estimated_cost: cost,
        locale,
        published_at: publishedAt,
        created_at: publishedAt,
        updated_at: publishedAt,
      })
      .returning('id')
    await Project.create(
      { ideaId: idea.id, campaignId, potId, title, cost, position },
      { client: trx }
    )
  }
}
