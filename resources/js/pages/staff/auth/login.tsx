import { Head, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'

/** Staff sign-in: email + password. */
export default function StaffLogin({ email }: { email?: string }) {
  const t = useT()
  const form = useForm({ email: email ?? '', password: '' })
  return (
    <div className="narrow">
      <Head title={t('ui.staff.login.title')} />
      <h1>{t('ui.staff.login.title')}</h1>
      <form
        className="card"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          form.post('/staff/login', { onFinish: () => form.reset('password') })
        }}
      >
        <TextInput
          label={t('ui.staff.fields.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={form.data.email}
          error={form.errors.email}
          onChange={(event) => form.setData('email', event.target.value)}
        />
        <TextInput
          label={t('ui.staff.fields.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={form.data.password}
          error={form.errors.password}
          onChange={(event) => form.setData('password', event.target.value)}
        />
        <LoadingButton loading={form.processing}>{t('ui.staff.login.submit')}</LoadingButton>
      </form>
    </div>
  )
}
