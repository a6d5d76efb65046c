import '~/css/staff.css'
import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'

interface Props {
  campaigns: { id: number; title: string; stage: string }[]
}

/** Staff: campaigns the member may report on. */
export default function ReportsIndex({ campaigns }: Props) {
  const t = useT()
  return (
    <>
      <Head title={t('ui.reporting.staff.title')} />
      <h1>{t('ui.reporting.staff.title')}</h1>
      {campaigns.length === 0 ? (
        <p className="muted">{t('ui.reporting.staff.none')}</p>
      ) : (
        <>
          <p>{t('ui.reporting.staff.choose')}</p>
          <ul>
            {campaigns.map((c) => (
              <li key={c.id}>
                <Link href={`/staff/campaigns/${c.id}/reports`}>{c.title}</Link>{' '}
                <span className="muted">({t(`ui.campaigns.stages.${c.stage}`)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  )
}
