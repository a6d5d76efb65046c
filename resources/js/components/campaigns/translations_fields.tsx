import { usePage } from '@inertiajs/react'
import TextArea from '~/components/form/text_area'
import TextInput from '~/components/form/text_input'
import { useT } from '~/lib/i18n'
import type { SharedProps } from '~/lib/shared_props'
import type { Translations } from '~/components/campaigns/types'

const LANGUAGES = ['en', 'ru', 'uk'] as const
type Language = (typeof LANGUAGES)[number]

/**
 * One input per language: the city's content languages first (required, marked *, when the text
 * is `required`), then the others (optional); each with its own error.
 */
export default function TranslationsFields({
  name,
  label,
  value,
  errors,
  onChange,
  multiline = false,
  required = true,
  disabled = false,
}: {
  name: string
  label: string
  value: Translations
  errors: Record<string, string | undefined>
  onChange: (value: Translations) => void
  multiline?: boolean
  /** false: every language may be left empty (descriptions). */
  required?: boolean
  disabled?: boolean
}) {
  const t = useT()
  const { contentLanguages } = usePage<SharedProps>().props
  const content = LANGUAGES.filter((language) => contentLanguages.includes(language)).sort(
    (a, b) => contentLanguages.indexOf(a) - contentLanguages.indexOf(b)
  )
  const ordered: Language[] = [
    ...content,
    ...LANGUAGES.filter((language) => !content.includes(language)),
  ]
  return (
    <fieldset>
      <legend>{label}</legend>
      {ordered.map((language, index) => {
        const mandatory = required && content.includes(language)
        const fieldLabel = `${t(`ui.campaigns.languages.${language}`)}${mandatory ? ' *' : ''}`
        // An error on the whole object (e.g. not an object at all) shows at the first input.
        const error = errors[`${name}.${language}`] ?? (index === 0 ? errors[name] : undefined)
        return multiline ? (
          <TextArea
            key={language}
            id={`${name}-${language}`}
            label={fieldLabel}
            lang={language}
            rows={4}
            value={value[language] ?? ''}
            disabled={disabled}
            error={error}
            onChange={(event) => onChange({ ...value, [language]: event.target.value })}
          />
        ) : (
          <TextInput
            key={language}
            label={fieldLabel}
            lang={language}
            value={value[language] ?? ''}
            disabled={disabled}
            error={error}
            onChange={(event) => onChange({ ...value, [language]: event.target.value })}
          />
        )
      })}
    </fieldset>
  )
}
