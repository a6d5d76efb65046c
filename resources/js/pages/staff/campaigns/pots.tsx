import { Head, Link, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import { useContentText } from '~/lib/content'
import WizardSteps from '~/components/campaigns/wizard_steps'
import PotForm from '~/components/campaigns/pot_form'
import CategoryForm from '~/components/campaigns/category_form'
import { formatMoney } from '~/components/campaigns/format'
import type { CampaignForm, Pot, Translations } from '~/components/campaigns/types'

interface Props {
  campaign: CampaignForm
  pots: Pot[]
  categories: { id: number; name: string; names: Translations }[]
  districts: { id: number; name: string }[]
  allocated: number
  canManage: boolean
}

/** Wizard step 2: pots (shares of the budget) with ballot rules, and categories. */
export default function CampaignPots({
  campaign,
  pots,
  categories,
  districts,
  allocated,
  canManage,
}: Props) {
  const t = useT()
  const text = useContentText()
  const { locale } = usePage<SharedProps>().props
  const money = (amount: number) => formatMoney(amount, campaign.currency, locale)
  const locked = !['drafting', 'ideas', 'review'].includes(campaign.stage)
  return (
    <>
      <Head title={t('ui.campaigns.wizard.pots')} />
      <h1>{text(campaign.title)}</h1>
      <WizardSteps campaignId={campaign.id} current="pots" />
      <p>
        {t('ui.campaigns.pots.allocated', {
          allocated: money(allocated),
          total: money(campaign.totalBudget),
          left: money(campaign.totalBudget - allocated),
        })}
      </p>
      {locked && <p className="flash flash-error">{t('ui.campaigns.pots.locked')}</p>}
      <h2>{t('ui.campaigns.pots.title')}</h2>
      {pots.map((pot) => (
        <PotForm
          key={`${pot.id}-${pot.budget}-${JSON.stringify(pot.rule)}`}
          campaignId={campaign.id}
          currency={campaign.currency}
          pot={pot}
          districts={districts}
          disabled={!canManage || locked}
        />
      ))}
      {canManage && !locked && (
        <>
          <h3>{t('ui.campaigns.pots.add')}</h3>
          <PotForm
            campaignId={campaign.id}
            currency={campaign.currency}
            districts={districts}
            disabled={false}
          />
        </>
      )}
      <h2>{t('ui.campaigns.categories.title')}</h2>
      {categories.map((category) => (
        <CategoryForm
          key={`${category.id}-${JSON.stringify(category.names)}`}
          campaignId={campaign.id}
          category={category}
          disabled={!canManage}
        />
      ))}
      {canManage && (
        <>
          <h3>{t('ui.campaigns.categories.add')}</h3>
          <CategoryForm campaignId={campaign.id} disabled={false} />
        </>
      )}
      <p>
        <Link href={`/staff/campaigns/${campaign.id}/settings`} className="button">
          {t('ui.campaigns.wizard.next')}
        </Link>
      </p>
    </>
  )
}
