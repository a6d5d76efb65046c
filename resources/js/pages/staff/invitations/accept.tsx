import { Head, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'

/** The invitee sets a password (at least 10 characters), which activates the account. */
export default function AcceptInvitation({
  token,
  member,
}: {
  token: string
  member: { name: string; email: string }
}) {
  const t = useT()
  const form = useForm({ password: '', passwordConfirmation: '' })
  return (
    <div className="narrow">
      <Head title={t('ui.staff.invitation.title')} />
      <h1>{t('ui.staff.invitation.title')}</h1>
      <p>{t('ui.staff.invitation.lead', { name: member.name, email: member.email })}</p>
      <form
        className="card"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          form.post(`/staff/invitations/${token}`, {
            onFinish: () => form.reset('password', 'passwordConfirmation'),
          })
        }}
      >
        <input type="hidden" name="username" autoComplete="username" value={member.email} />
        <TextInput
          label={t('ui.staff.fields.new_password')}
          hint={t('ui.staff.invitation.password_hint')}
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          value={form.data.password}
          error={form.errors.password}
          onChange={(event) => form.setData('password', event.target.value)}
        />
        <TextInput
          label={t('ui.staff.fields.password_confirmation')}
          type="password"
          autoComplete="new-password"
          required
          value={form.data.passwordConfirmation}
          error={form.errors.passwordConfirmation}
          onChange={(event) => form.setData('passwordConfirmation', event.target.value)}
        />
        <LoadingButton loading={form.processing}>{t('ui.staff.invitation.submit')}</LoadingButton>
      </form>
    </div>
  )
}
