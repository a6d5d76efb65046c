import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'

/** The ten one-time recovery codes, shown once right after turning the second factor on. */
export default function StaffRecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT()
  return (
    <div className="narrow">
      <Head title={t('ui.staff.two_factor.recovery_title')} />
      <h1>{t('ui.staff.two_factor.recovery_title')}</h1>
      <section className="card">
        <p role="status">{t('ui.staff.two_factor.recovery_hint')}</p>
        <ul aria-label={t('ui.staff.two_factor.recovery_title')}>
          {codes.map((code) => (
            <li key={code}>
              <code translate="no">{code}</code>
            </li>
          ))}
        </ul>
      </section>
      <p>
        <Link className="button" href="/staff">
          {t('ui.staff.two_factor.continue')}
        </Link>
      </p>
    </div>
  )
}
