import { Head, Link, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import { formatMoney } from '~/components/campaigns/format'
import type { Stage } from '~/components/campaigns/types'

interface Props {
  campaigns: {
    id: number
    slug: string
    title: string
    description: string
    stage: Stage
    totalBudget: number
    currency: string
  }[]
}

/** Residents: the city's participatory budgets (published ones; drafts are hidden). */
export default function CampaignsIndex({ campaigns }: Props) {
  const t = useT()
  const { locale } = usePage<SharedProps>().props
  return (
    <>
      <Head title={t('ui.campaigns.public.title')} />
      <h1>{t('ui.campaigns.public.title')}</h1>
      {campaigns.length === 0 && <p className="muted">{t('ui.campaigns.public.none')}</p>}
      {campaigns.map((campaign) => (
        <article key={campaign.id} className="card">
          <h2>
            <Link href={`/campaigns/${campaign.slug}`}>{campaign.title}</Link>
          </h2>
          <p className="muted">
            {t(`ui.campaigns.stages.${campaign.stage}`)} ·{' '}
            {formatMoney(campaign.totalBudget, campaign.currency, locale)}
          </p>
          {campaign.description && <p>{campaign.description}</p>}
        </article>
      ))}
    </>
  )
}
