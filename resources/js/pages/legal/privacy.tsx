import '~/css/identity.css'
import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LegalSections, { type LegalSection } from '~/components/legal_sections'

/** The privacy notice (the same text residents accept at first sign-in, in full). */
export default function Privacy({
  version,
  sections,
}: {
  version: string
  sections: LegalSection[]
}) {
  const t = useT()
  return (
    <article className="narrow-text">
      <Head title={t('ui.identity.privacy.title')} />
      <h1>{t('ui.identity.privacy.heading')}</h1>
      <p className="muted">{t('ui.identity.privacy.version', { version })}</p>
      <LegalSections sections={sections} />
      <p>
        <Link href="/cookies">{t('ui.identity.privacy.cookies_link')}</Link>
      </p>
    </article>
  )
}
