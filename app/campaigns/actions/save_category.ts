import { audit, type AuditActor } from '#shared/audit'
import CampaignCategory from '#campaigns/models/campaign_category'
import { cleanTranslations } from '#campaigns/translations'
import type { CategoryInput } from '#campaigns/validators/pot_validators'
import { notFound, type NotFound } from '#shared/actions'
import { withLockedCampaign } from '#campaigns/actions/locked_campaign'

export const CATEGORIES_MAX = 50

export type SaveCategoryResult =
  { outcome: 'ok'; category: CampaignCategory } | { outcome: 'too_many' } | NotFound

/** Adds a category (`categoryId` null) or renames one. At most CATEGORIES_MAX per campaign. */
export default async function saveCategory(
  actor: AuditActor,
  campaignId: number,
  categoryId: number | null,
  input: CategoryInput
): Promise<SaveCategoryResult> {
  return withLockedCampaign(campaignId, async (campaign, trx) => {
    const categories = await CampaignCategory.query({ client: trx })
      .where('campaignId', campaign.id)
      .orderBy('position')
    let category: CampaignCategory | undefined
    if (categoryId === null) {
      if (categories.length >= CATEGORIES_MAX) return { outcome: 'too_many' as const }
      category = new CampaignCategory()
      category.campaignId = campaign.id
      category.position = (categories.at(-1)?.position ?? -1) + 1
    } else {
      category = categories.find((candidate) => candidate.id === categoryId)
      if (!category) return notFound
    }
    const before = category.$isPersisted ? category.name : null
    category.name = cleanTranslations(input.name)
    category.useTransaction(trx)
    await category.save()
    await audit.record(
      actor,
      before ? 'campaign.category_updated' : 'campaign.category_added',
      { type: 'campaign', id: campaign.id },
      { categoryId: category.id, before, after: category.name },
      { client: trx }
    )
    return { outcome: 'ok' as const, category }
  })
}
