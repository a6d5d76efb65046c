import '~/css/identity.css'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import LegalSections, { type LegalSection } from '~/components/legal_sections'

interface Props {
  version: string
  sections: LegalSection[]
}

/** Step 3 (first sign-in, or the notice changed): the personal-data notice to accept. */
export default function Consent({ version, sections }: Props) {
  const t = useT()
  const form = useForm({ accept: false })
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
        <div className="actions">
          <LoadingButton loading={form.processing}>{t('ui.identity.consent.submit')}</LoadingButton>
          <Link href="/">{t('ui.identity.consent.cancel')}</Link>
        </div>
      </form>
    </div>
  )
}
