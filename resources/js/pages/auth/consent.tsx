import '~/css/identity.css'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import TextInput from '~/components/form/text_input'
import LegalSections, { type LegalSection } from '~/components/legal_sections'

interface Props {
  version: string
  sections: LegalSection[]
}

/** Step 3 (first sign-in, or the notice changed): the personal-data notice to accept. */
export default function Consent({ version, sections }: Props) {
  const t = useT()
  const form = useForm({ accept: false, notices: false, noticesEmail: '' })
  return (
    <div className="narrow-text">
      <Head title={t('ui.identity.consent.title')} />
      <h1>{t('ui.identity.consent.heading')}</h1>
      <p>{t('ui.identity.consent.lead')}</p>
      <div className="card" aria-labelledby="notice-version">
        <p id="notice-version" className="muted">
          {t('ui.identity.consent.version', { version })}
        </p>
        <LegalSections sections={sections} level={3} />
      </div>
      <form
        method="post"
        action="/sign-in/consent"
        onSubmit={(event) => {
          event.preventDefault()
          form.transform((data) => ({
            accept: data.accept,
            notices: data.notices,
            ...(data.notices && data.noticesEmail ? { noticesEmail: data.noticesEmail } : {}),
          }))
          form.post('/sign-in/consent')
        }}
      >
        <div className="check">
          <input
            id="accept"
            name="accept"
            type="checkbox"
            required
            checked={form.data.accept}
            aria-invalid={form.errors.accept ? true : undefined}
            aria-describedby={form.errors.accept ? 'accept-error' : undefined}
            onChange={(event) => form.setData('accept', event.target.checked)}
          />
          <label htmlFor="accept">{t('ui.identity.consent.accept_label')}</label>
        </div>
        {form.errors.accept && (
          <p id="accept-error" className="field-error" role="alert">
            {form.errors.accept}
          </p>
        )}
        <div className="check">
          <input
            id="notices"
            name="notices"
            type="checkbox"
            checked={form.data.notices}
            onChange={(event) => form.setData('notices', event.target.checked)}
          />
          <label htmlFor="notices">{t('ui.identity.consent.notices_label')}</label>
        </div>
        {form.data.notices && (
          <TextInput
            id="noticesEmail"
            name="noticesEmail"
            type="email"
            autoComplete="email"
            label={t('ui.identity.consent.email_label')}
            value={form.data.noticesEmail}
            error={form.errors.noticesEmail}
            onChange={(event) => form.setData('noticesEmail', event.target.value)}
          />
        )}
        <div className="actions">
          <LoadingButton loading={form.processing}>{t('ui.identity.consent.submit')}</LoadingButton>
          <Link href="/">{t('ui.identity.consent.cancel')}</Link>
        </div>
      </form>
    </div>
  )
}
