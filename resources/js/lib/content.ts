/*
| Multilingual content (campaign titles, pot and category names) as pages show it: in the
| page's language, else in the city's primary content language (CONTENT_LANGUAGES, the
| `contentLanguages` shared prop), else in any language it has — as app/campaigns/translations.ts.
*/
import { usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import type { Translations } from '~/components/campaigns/types'

const ALL = ['en', 'ru', 'uk'] as const

export function contentText(
  text: Translations | null | undefined,
  locale: string,
  contentLanguages: string[]
): string {
  if (!text) return ''
  const values = text as Record<string, string | undefined>
  for (const language of [locale, ...contentLanguages, ...ALL]) {
    const value = values[language]
    if (value && value.trim() !== '') return value
  }
  return ''
}

/** `contentText` bound to the page's locale and the city's content languages. */
export function useContentText(): (text: Translations | null | undefined) => string {
  const { locale, contentLanguages } = usePage<SharedProps>().props
  return (text) => contentText(text, locale, contentLanguages)
}
