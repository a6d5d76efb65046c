import '~/css/identity.css'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'
import Notice from '~/components/notice'

interface Props {
  next: string
  /** The number typed before a failed send (rate limit, SMS gateway down). */
  phone: string
  phoneExample: string
  /** The deployment's OpenID Connect provider, when one is configured. */
  oidc: { name: string } | null
  notice: string | null
}

/** Step 1 of signing in: the phone number (the same form for new and returning residents). */
export default function SignIn({ next, phone, phoneExample, oidc, notice }: Props) {
  const t = useT()
  const form = useForm({ phone, next })
  return (
    <div className="narrow">
      <Head title={t('ui.identity.sign_in.title')} />
      <h1>{t('ui.identity.sign_in.heading')}</h1>
      <p>{t('ui.identity.sign_in.lead')}</p>
      <Notice message={notice} />
      <form
        method="post"
        action="/sign-in"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          form.post('/sign-in')
        }}
      >
        <TextInput
          label={t('ui.identity.sign_in.phone_label')}
          hint={t('ui.identity.sign_in.phone_hint', { example: phoneExample })}
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          required
          autoFocus
          value={form.data.phone}
          error={form.errors.phone}
          onChange={(event) => form.setData('phone', event.target.value)}
        />
        <LoadingButton loading={form.processing}>{t('ui.identity.sign_in.submit')}</LoadingButton>
      </form>
      {oidc && (
        <>
          <p className="muted">{t('ui.identity.sign_in.or')}</p>
          {/* A full-page visit: the provider's page is on another site. */}
          <a className="button secondary" href={`/sign-in/oidc?next=${encodeURIComponent(next)}`}>
            {t('ui.identity.sign_in.oidc_button', { name: oidc.name })}
          </a>
        </>
      )}
      <p className="hint">
        {t('ui.identity.sign_in.privacy_note')}{' '}
        <Link href="/privacy">{t('ui.identity.sign_in.privacy_link')}</Link>
      </p>
    </div>
  )
}
