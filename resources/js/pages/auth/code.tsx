import '~/css/identity.css'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { useCountdown } from '~/lib/use_countdown'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'
import Notice from '~/components/notice'

interface Props {
  phone: string
  resendAfterSeconds: number
  expiresInSeconds: number
  notice: string | null
}

/** Step 2 of signing in: the 6-digit code; ask for a new one or change the number. */
export default function Code({ phone, resendAfterSeconds, expiresInSeconds, notice }: Props) {
  const t = useT()
  const form = useForm({ code: '' })
  const resend = useForm({})
  const resendIn = useCountdown(resendAfterSeconds)
  const expiresIn = useCountdown(expiresInSeconds)
  return (
    <div className="narrow">
      <Head title={t('ui.identity.code.title')} />
      <h1>{t('ui.identity.code.heading')}</h1>
      <p>{t('ui.identity.code.sent_to', { phone })}</p>
      <Notice message={notice} />
      <form
        method="post"
        action="/sign-in/code"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          form.post('/sign-in/code', { onError: () => form.reset('code') })
        }}
      >
        <TextInput
          label={t('ui.identity.code.code_label')}
          hint={t('ui.identity.code.code_hint')}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={8}
          required
          autoFocus
          className="code-field"
          value={form.data.code}
          error={form.errors.code}
          onChange={(event) => form.setData('code', event.target.value)}
        />
        <p className="hint" aria-live="polite">
          {expiresIn > 0
            ? t('ui.identity.code.expires_in', { minutes: Math.ceil(expiresIn / 60) })
            : t('ui.identity.code.expired')}
        </p>
        <LoadingButton loading={form.processing}>{t('ui.identity.code.submit')}</LoadingButton>
      </form>
      <div className="actions code-actions">
        <form
          method="post"
          action="/sign-in/code/resend"
          onSubmit={(event) => {
            event.preventDefault()
            resend.post('/sign-in/code/resend')
          }}
        >
          <button
            type="submit"
            className="button secondary"
            disabled={resendIn > 0 || resend.processing}
            aria-describedby={resendIn > 0 ? 'resend-wait' : undefined}
          >
            {t('ui.identity.code.resend')}
          </button>
        </form>
        <Link href="/sign-in">{t('ui.identity.code.change_number')}</Link>
      </div>
      {resendIn > 0 && (
        <p id="resend-wait" className="hint" aria-live="polite">
          {t('ui.identity.code.resend_in', { seconds: resendIn })}
        </p>
      )}
    </div>
  )
}
