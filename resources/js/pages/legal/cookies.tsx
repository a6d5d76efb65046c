import '~/css/identity.css'
import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LegalSections, { type LegalSection } from '~/components/legal_sections'

/** Which cookies the site sets and why (only necessary ones and the language choice). */
export default function Cookies({ sections }: { sections: LegalSection[] }) {
  const t = useT()
  return (
    <article className="narrow-text">
      <Head title={t('ui.identity.cookies.title')} />
      <h1>{t('ui.identity.cookies.heading')}</h1>
      <LegalSections sections={sections} />
      <p>
        <Link href="/privacy">{t('ui.identity.cookies.privacy_link')}</Link>
      </p>
    </article>
  )
}
