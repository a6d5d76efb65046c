import TextArea from '~/components/form/text_area'
import TextInput from '~/components/form/text_input'
import { useT } from '~/lib/i18n'
import type { Translations } from '~/components/campaigns/types'

const LANGUAGES = ['en', 'ru', 'uk'] as const

/** One input per language (English required, others optional), with per-language errors. */
export default function TranslationsFields({
  name,
  label,
  value,
  errors,
  onChange,
  multiline = false,
  disabled = false,
}: {
  name: string
  label: string
  value: Translations
  errors: Record<string, string | undefined>
  onChange: (value: Translations) => void
  multiline?: boolean
  disabled?: boolean
}) {
  const t = useT()
  return (
    <fieldset>
      <legend>{label}</legend>
      {LANGUAGES.map((language) => {
        const fieldLabel = `${t(`ui.campaigns.languages.${language}`)}${language === 'en' ? ' *' : ''}`
        const error =
          errors[`${name}.${language}`] ?? (language === 'en' ? errors[name] : undefined)
        return multiline ? (
          <TextArea
            key={language}
            id={`${name}-${language}`}
            label={fieldLabel}
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
