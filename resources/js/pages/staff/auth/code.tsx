import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'

/** Staff sign-in, step two: the code from the authenticator app, or a recovery code. */
export default function StaffLoginCode() {
  const t = useT()
  const form = useForm({ code: '' })
  return (
    <div className="narrow">
      <Head title={t('ui.staff.two_factor.code_title')} />
      <h1>{t('ui.staff.two_factor.code_title')}</h1>
      <form
        className="card"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          form.post('/staff/login/code', { onFinish: () => form.reset('code') })
        }}
      >
        <TextInput
          label={t('ui.staff.two_factor.code')}
          hint={t('ui.staff.two_factor.code_hint')}
          name="code"
          inputMode="text"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          autoFocus
          required
          maxLength={20}
          value={form.data.code}
          error={form.errors.code}
          onChange={(event) => form.setData('code', event.target.value)}
        />
        <LoadingButton loading={form.processing}>{t('ui.staff.two_factor.verify')}</LoadingButton>
      </form>
      <p>
        <Link href="/staff/login">{t('ui.staff.two_factor.start_over')}</Link>
      </p>
    </div>
  )
}
