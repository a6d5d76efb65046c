import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import SelectInput from '~/components/form/select_input'
import LoadingButton from '~/components/form/loading_button'
import ScopeSelect from '~/components/staff/scope_select'

interface Props {
  roles: string[]
  communities: { id: number; label: string }[]
  canGrantEverywhere: boolean
}

/** Invite a staff member: email, name, role and (optional) community scope. */
export default function InviteStaffMember({ roles, communities, canGrantEverywhere }: Props) {
  const t = useT()
  const form = useForm<{
    email: string
    fullName: string
    role: string
    communityId: number | null
  }>({
    email: '',
    fullName: '',
    role: roles[1] ?? roles[0],
    communityId: canGrantEverywhere ? null : (communities[0]?.id ?? null),
  })
  return (
    <div className="narrow">
      <Head title={t('ui.staff.members.invite')} />
      <p>
        <Link href="/staff/members">← {t('ui.staff.members.title')}</Link>
      </p>
      <h1>{t('ui.staff.members.invite')}</h1>
      <form
        className="card"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          form.post('/staff/members')
        }}
      >
        <TextInput
          label={t('ui.staff.fields.email')}
          type="email"
          required
          value={form.data.email}
          error={form.errors.email}
          onChange={(event) => form.setData('email', event.target.value)}
        />
        <TextInput
          label={t('ui.staff.fields.full_name')}
          required
          value={form.data.fullName}
          error={form.errors.fullName}
          onChange={(event) => form.setData('fullName', event.target.value)}
        />
        <SelectInput
          label={t('ui.staff.fields.role')}
          value={form.data.role}
          error={form.errors.role}
          options={roles.map((role) => ({ value: role, label: t(`ui.staff.roles.${role}`) }))}
          onChange={(event) => form.setData('role', event.target.value)}
        />
        <ScopeSelect
          value={form.data.communityId}
          communities={communities}
          canGrantEverywhere={canGrantEverywhere}
          error={form.errors.communityId}
          onChange={(value) => form.setData('communityId', value)}
        />
        <LoadingButton loading={form.processing}>
          {t('ui.staff.members.send_invitation')}
        </LoadingButton>
      </form>
    </div>
  )
}
