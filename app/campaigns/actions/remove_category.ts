import { audit, type AuditActor } from '#shared/audit'
import CampaignCategory from '#campaigns/models/campaign_category'
import { notFound, type NotFound } from '#shared/actions'
import { withLockedCampaign } from '#campaigns/actions/locked_campaign'

export type RemoveCategoryResult = { outcome: 'ok' } | NotFound

/** Removes a category (ideas filed under it keep working: the proposals module nulls the link). */
export default async function removeCategory(
  actor: AuditActor,
  campaignId: number,
  categoryId: number
): Promise<RemoveCategoryResult> {
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    const category = await CampaignCategory.query({ client: trx })
      .where('id', categoryId)
      .where('campaignId', campaign.id)
      .first()
    if (!category) return notFound
    category.useTransaction(trx)
    await category.delete()
    await audit.record(
      actor,
      'campaign.category_removed',
      { type: 'campaign', id: campaign.id },
      { categoryId, name: category.name },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}
