import type { ReactNode } from 'react'
import { Link, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import FlashMessages from '~/components/flash_messages'
import LanguageSwitcher from '~/components/language_switcher'
import SignOutButton from '~/components/sign_out_button'
import { brandStyle } from '~/lib/branding'

/** Layout of the residents' side: mobile-first header, skip link, main landmark, footer. */
export default function ResidentLayout({ children }: { children: ReactNode }) {
  const t = useT()
  const { resident, branding } = usePage<SharedProps>().props
  return (
    <div className="shell" style={brandStyle(branding)}>
      <a className="skip-link" href="#main">
        {t('ui.layout.skip_to_content')}
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          {branding?.logo && (
            <img
              className="brand-logo"
              src={branding.logo.url}
              width={branding.logo.width}
              height={branding.logo.height}
              alt=""
            />
          )}
          {branding?.name ?? t('ui.brand')}
        </Link>
        <nav aria-label={t('ui.layout.main_navigation')} className="topnav">
          <Link href="/campaigns">{t('ui.layout.campaigns')}</Link>
          {resident ? (
            <>
              <Link href="/my/ideas">{t('ui.proposals.mine.title')}</Link>
              <Link href="/profile">{t('ui.layout.profile')}</Link>
              <span className="muted">{resident.phone}</span>
              <SignOutButton action="/sign-out" />
            </>
          ) : (
            <Link href="/sign-in">{t('ui.layout.sign_in')}</Link>
          )}
          <LanguageSwitcher />
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="content">
        <FlashMessages />
        {children}
      </main>
      <footer className="footer">
        <Link href="/check">{t('ui.voting.check_my_ballot')}</Link>
        <Link href="/privacy">{t('ui.layout.privacy')}</Link>
        <Link href="/cookies">{t('ui.layout.cookies')}</Link>
        <Link href="/staff/login">{t('ui.layout.staff_area')}</Link>
        {branding?.footerLinks.map((link, index) => (
          <a key={index} href={link.url}>
            {link.label}
          </a>
        ))}
      </footer>
    </div>
  )
}
