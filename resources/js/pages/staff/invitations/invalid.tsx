import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'

/** An expired, used or unknown invitation link. */
export default function InvalidInvitation({ reason }: { reason: 'expired' | 'invalid' }) {
  const t = useT()
  return (
    <div className="narrow">
      <Head title={t('ui.staff.invitation.title')} />
      <h1>{t(`ui.staff.invitation.${reason}`)}</h1>
      <p>{t('ui.staff.invitation.ask_admin')}</p>
      <p>
        <Link href="/staff/login">{t('ui.staff.login.title')}</Link>
      </p>
    </div>
  )
}
