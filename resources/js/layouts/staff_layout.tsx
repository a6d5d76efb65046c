import type { ReactNode } from 'react'
import { Link, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import FlashMessages from '~/components/flash_messages'
import LanguageSwitcher from '~/components/language_switcher'
import SignOutButton from '~/components/sign_out_button'

/** Layout of the staff area: navigation to the screens the member may use. */
export default function StaffLayout({ children }: { children: ReactNode }) {
  const t = useT()
  const { staff, staffNav, branding } = usePage<SharedProps>().props
  return (
    <div className="shell staff">
      <a className="skip-link" href="#main">
        {t('ui.layout.skip_to_content')}
      </a>
      <header className="topbar">
        <Link href={staff ? '/staff' : '/'} className="brand">
          {branding?.name ?? t('ui.brand')} · {t('ui.layout.staff_area')}
        </Link>
        <nav aria-label={t('ui.layout.main_navigation')} className="topnav">
          {staff && (
            <>
              <span className="muted">{staff.name}</span>
              <SignOutButton action="/staff/logout" />
            </>
          )}
          <LanguageSwitcher />
        </nav>
      </header>
      {staff && staffNav && staffNav.length > 0 && (
        <nav aria-label={t('ui.layout.staff_navigation')} className="subnav">
          {staffNav.map((item) => (
            <Link key={item.href} href={item.href}>
              {item.label}
            </Link>
          ))}
        </nav>
      )}
      <main id="main" tabIndex={-1} className="content">
        <FlashMessages />
        {children}
      </main>
    </div>
  )
}
