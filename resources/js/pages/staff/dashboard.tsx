import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'

interface Props {
  grants: { role: string; community: string | null }[]
  can: { manageStaff: boolean; viewCommunities: boolean; viewAuditLog: boolean }
  /** Whether this member signs in with a second factor (offered when not). */
  twoFactorOn: boolean
}

/** The staff home: the member's roles and the screens they may open. */
export default function StaffDashboard({ grants, can, twoFactorOn }: Props) {
  const t = useT()
  return (
    <>
      <Head title={t('ui.staff.dashboard.title')} />
      <h1>{t('ui.staff.dashboard.title')}</h1>
      <section className="card" aria-labelledby="my-roles">
        <h2 id="my-roles">{t('ui.staff.dashboard.your_roles')}</h2>
        {grants.length === 0 ? (
          <p className="muted">{t('ui.staff.dashboard.no_roles')}</p>
        ) : (
          <ul>
            {grants.map((grant, index) => (
              <li key={index}>
                {t(`ui.staff.roles.${grant.role}`)} ·{' '}
                {grant.community ?? t('ui.staff.scope.everywhere')}
              </li>
            ))}
          </ul>
        )}
        {!twoFactorOn && (
          <p>
            <Link href="/staff/two-factor">{t('ui.staff.two_factor.offer')}</Link>
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="you-may">
        <h2 id="you-may">{t('ui.staff.dashboard.you_may')}</h2>
        <ul>
          {can.manageStaff && (
            <li>
              <Link href="/staff/members">{t('ui.staff.dashboard.manage_staff')}</Link>
            </li>
          )}
          {can.viewCommunities && (
            <li>
              <Link href="/staff/communities">{t('ui.staff.dashboard.manage_communities')}</Link>
            </li>
          )}
          {can.viewAuditLog && (
            <li>
              <Link href="/staff/audit">{t('ui.staff.dashboard.view_audit')}</Link>
            </li>
          )}
          {!can.manageStaff && !can.viewCommunities && !can.viewAuditLog && (
            <li className="muted">{t('ui.staff.dashboard.nothing_yet')}</li>
          )}
        </ul>
      </section>
    </>
  )
}
