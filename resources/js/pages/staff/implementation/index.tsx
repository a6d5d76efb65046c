import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import type { ImplementationCampaign } from '~/components/implementation/types'

interface Props {
  campaigns: (ImplementationCampaign & { funded: number })[]
}

/** Staff: campaigns from voting on, with their number of funded projects. */
export default function ImplementationIndex({ campaigns }: Props) {
  const t = useT()
  return (
    <>
      <Head title={t('ui.implementation.staff.title')} />
      <h1>{t('ui.implementation.staff.title')}</h1>
      {campaigns.length === 0 && <p className="muted">{t('ui.implementation.staff.empty')}</p>}
      <ul>
        {campaigns.map((campaign) => (
          <li key={campaign.id}>
            <Link href={`/staff/implementation/campaigns/${campaign.id}`}>{campaign.title}</Link>{' '}
            <span className="muted">
              {t(`ui.campaigns.stages.${campaign.stage}`)} ·{' '}
              {t('ui.implementation.staff.funded_count', { count: campaign.funded })}
            </span>
          </li>
        ))}
      </ul>
    </>
  )
}
