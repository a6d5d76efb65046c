import '~/css/staff.css'
import { Head, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { CONTRAST_MIN, contrastWithWhite, shownRatio } from '~/lib/contrast'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'
import LogoForm, { type LogoLimits } from '~/components/branding/logo_form'

const LANGUAGES = ['en', 'ru', 'uk'] as const
type Translated = Partial<Record<(typeof LANGUAGES)[number], string>>
interface FooterLink {
  label: Translated
  url: string
}

interface Props {
  settings: {
    name: Translated
    primaryColor: string | null
    footerLinks: FooterLink[]
    logo: { url: string; width: number; height: number } | null
  }
  limits: LogoLimits & { nameLength: number; labelLength: number; footerLinks: number }
}

/** The city's branding: name, logo, primary colour and footer links on every resident page. */
export default function BrandingSettings({ settings, limits }: Props) {
  const t = useT()
  const form = useForm<{ name: Translated; primaryColor: string; footerLinks: FooterLink[] }>({
    name: settings.name,
    primaryColor: settings.primaryColor ?? '',
    footerLinks: settings.footerLinks,
  })
  const errors = form.errors as Record<string, string | undefined>
  const ratio = contrastWithWhite(form.data.primaryColor)
  const setLink = (index: number, link: FooterLink) =>
    form.setData(
      'footerLinks',
      form.data.footerLinks.map((old, at) => (at === index ? link : old))
    )
  return (
    <>
      <Head title={t('ui.branding.title')} />
      <h1>{t('ui.branding.title')}</h1>
      <p className="hint">{t('ui.branding.intro')}</p>

      <LogoForm logo={settings.logo} limits={limits} />

      <form
        className="card"
        noValidate
        aria-labelledby="branding-texts"
        onSubmit={(event) => {
          event.preventDefault()
          form.transform((data) => ({ ...data, primaryColor: data.primaryColor || null }))
          form.put('/staff/settings/branding', { preserveScroll: true })
        }}
      >
        <h2 id="branding-texts">{t('ui.branding.texts')}</h2>
        <fieldset>
          <legend>{t('ui.branding.name')}</legend>
          <p className="hint">{t('ui.branding.name_hint')}</p>
          {LANGUAGES.map((language) => (
            <TextInput
              key={language}
              id={`branding-name-${language}`}
              label={t(`ui.branding.languages.${language}`)}
              value={form.data.name[language] ?? ''}
              maxLength={limits.nameLength}
              error={errors[`name.${language}`]}
              onChange={(event) =>
                form.setData('name', { ...form.data.name, [language]: event.target.value })
              }
            />
          ))}
        </fieldset>

        <fieldset>
          <legend>{t('ui.branding.color')}</legend>
          <TextInput
            id="branding-color"
            label={t('ui.branding.color_code')}
            hint={t('ui.branding.color_hint', { min: CONTRAST_MIN })}
            value={form.data.primaryColor}
            placeholder="#0b6e4f"
            maxLength={7}
            spellCheck={false}
            error={errors.primaryColor}
            onChange={(event) => form.setData('primaryColor', event.target.value.trim())}
          />
          <div className="branding-color-row">
            <label htmlFor="branding-color-picker">{t('ui.branding.color_picker')}</label>
            <input
              id="branding-color-picker"
              type="color"
              value={ratio === null ? '#0b6e4f' : form.data.primaryColor.toLowerCase()}
              onChange={(event) => form.setData('primaryColor', event.target.value)}
            />
            <button
              type="button"
              className="link-button"
              onClick={() => form.setData('primaryColor', '')}
            >
              {t('ui.branding.color_reset')}
            </button>
          </div>
          <p className="branding-preview" aria-live="polite">
            {ratio === null && t('ui.branding.color_default')}
            {ratio !== null && ratio >= CONTRAST_MIN && (
              <>
                <span
                  className="branding-sample"
                  style={{ background: form.data.primaryColor }}
                  aria-hidden="true"
                >
                  {t('ui.branding.sample_button')}
                </span>{' '}
                {t('ui.branding.contrast_ok', { ratio: shownRatio(ratio) })}
              </>
            )}
            {/* No sample on a colour too light: it would be the unreadable button it warns of. */}
            {ratio !== null &&
              ratio < CONTRAST_MIN &&
              t('ui.branding.contrast_low', { ratio: shownRatio(ratio), min: CONTRAST_MIN })}
          </p>
        </fieldset>

        <fieldset>
          <legend>{t('ui.branding.links')}</legend>
          <p className="hint">{t('ui.branding.links_hint', { max: limits.footerLinks })}</p>
          {errors.footerLinks && (
            <p className="field-error" role="alert">
              {errors.footerLinks}
            </p>
          )}
          {form.data.footerLinks.map((link, index) => (
            <fieldset key={index} className="branding-link">
              <legend>{t('ui.branding.link_number', { number: index + 1 })}</legend>
              {errors[`footerLinks.${index}.label`] && (
                <p className="field-error" role="alert">
                  {errors[`footerLinks.${index}.label`]}
                </p>
              )}
              {LANGUAGES.map((language) => (
                <TextInput
                  key={language}
                  id={`branding-link-${index}-${language}`}
                  label={t('ui.branding.link_label', {
                    language: t(`ui.branding.languages.${language}`),
                  })}
                  value={link.label[language] ?? ''}
                  maxLength={limits.labelLength}
                  error={errors[`footerLinks.${index}.label.${language}`]}
                  onChange={(event) =>
                    setLink(index, {
                      ...link,
                      label: { ...link.label, [language]: event.target.value },
                    })
                  }
                />
              ))}
              <TextInput
                id={`branding-link-${index}-url`}
                label={t('ui.branding.link_url')}
                type="url"
                inputMode="url"
                placeholder="https://"
                value={link.url}
                error={errors[`footerLinks.${index}.url`]}
                onChange={(event) => setLink(index, { ...link, url: event.target.value })}
              />
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  form.setData(
                    'footerLinks',
                    form.data.footerLinks.filter((_, at) => at !== index)
                  )
                }
              >
                {t('ui.branding.remove_link', { number: index + 1 })}
              </button>
            </fieldset>
          ))}
          {form.data.footerLinks.length < limits.footerLinks && (
            <button
              type="button"
              className="button secondary"
              onClick={() =>
                form.setData('footerLinks', [...form.data.footerLinks, { label: {}, url: '' }])
              }
            >
              {t('ui.branding.add_link')}
            </button>
          )}
        </fieldset>
        <LoadingButton loading={form.processing}>{t('ui.branding.save')}</LoadingButton>
      </form>
    </>
  )
}
