import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'

type Props = { enabled: true } | { enabled: false; required: boolean; secret: string; uri: string }

/**
 * Turning on the second factor: open the otpauth:// link on the phone (or type the key into the
 * app), then confirm with the app's current code.
 */
export default function StaffTwoFactor(props: Props) {
  const t = useT()
  const form = useForm({ code: '' })
  if (props.enabled) {
    return (
      <div className="narrow">
        <Head title={t('ui.staff.two_factor.title')} />
        <h1>{t('ui.staff.two_factor.title')}</h1>
        <p className="card">{t('ui.staff.two_factor.is_on')}</p>
        <p>
          <Link href="/staff">{t('ui.staff.two_factor.continue')}</Link>
        </p>
      </div>
    )
  }
  // Groups of four characters are easier to type into an app by hand.
  const groupedSecret = props.secret.match(/.{1,4}/g)?.join(' ') ?? props.secret
  return (
    <div className="narrow">
      <Head title={t('ui.staff.two_factor.title')} />
      <h1>{t('ui.staff.two_factor.title')}</h1>
      {props.required && (
        <p className="card" role="status">
          {t('ui.staff.two_factor.required')}
        </p>
      )}
      <ol className="card">
        <li>
          <p>{t('ui.staff.two_factor.step_app')}</p>
          <p>
            <a className="button secondary" href={props.uri}>
              {t('ui.staff.two_factor.open_in_app')}
            </a>
          </p>
          <p>{t('ui.staff.two_factor.step_key')}</p>
          <p>
            <code aria-label={t('ui.staff.two_factor.key')} translate="no">
              {groupedSecret}
            </code>
          </p>
        </li>
        <li>
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault()
              form.post('/staff/two-factor', { onFinish: () => form.reset('code') })
            }}
          >
            <TextInput
              label={t('ui.staff.two_factor.confirm_code')}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              required
              maxLength={6}
              value={form.data.code}
              error={form.errors.code}
              onChange={(event) => form.setData('code', event.target.value)}
            />
            <LoadingButton loading={form.processing}>
              {t('ui.staff.two_factor.turn_on')}
            </LoadingButton>
          </form>
        </li>
      </ol>
    </div>
  )
}
