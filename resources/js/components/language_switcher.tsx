import { usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'

const NAMES: Record<string, string> = { en: 'English', ru: 'Русский', uk: 'Українська' }

/** Plain links (work without JavaScript): `?lang=xx` sets the locale cookie server-side. */
export default function LanguageSwitcher() {
  const t = useT()
  const { locale, locales } = usePage<SharedProps>().props
  return (
    <ul className="langs" aria-label={t('ui.layout.language')}>
      {locales.map((code) => (
        <li key={code}>
          <a
            href={`/locale/${code}`}
            lang={code}
            hrefLang={code}
            aria-current={code === locale ? 'true' : undefined}
          >
            {NAMES[code] ?? code}
          </a>
        </li>
      ))}
    </ul>
  )
}
