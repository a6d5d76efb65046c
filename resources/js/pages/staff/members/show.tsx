import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import SelectInput from '~/components/form/select_input'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'
import ScopeSelect from '~/components/staff/scope_select'
import TableWrap from '~/components/table_wrap'

interface Props {
  member: {
    id: number
    name: string
    email: string
    status: 'active' | 'inactive' | 'pending'
    isSelf: boolean
    lastSignInAt: string | null
    inviteExpiresAt: string | null
    invitationOpen: boolean
  }
  /** May re-issue or cancel the invitation (an admin of every community the member is in). */
  canManageInvitation: boolean
  grants: { id: number; role: string; community: string | null; canRevoke: boolean }[]
  /** Live sessions; `handle` names one without revealing its id. */
  sessions: {
    handle: string
    signedInAt: string | null
    ip: string | null
    userAgent: string | null
    current: boolean
  }[]
  inviteUrl: string | null
  roles: string[]
  communities: { id: number; label: string }[]
  canGrantEverywhere: boolean
}

function PostButton({
  action,
  label,
  danger,
}: {
  action: string
  label: string
  danger?: boolean
}) {
  const form = useForm({})
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        form.post(action)
      }}
    >
      <LoadingButton
        loading={form.processing}
        className={danger ? 'button danger' : 'button secondary'}
      >
        {label}
      </LoadingButton>
    </form>
  )
}

function DeleteButton({ action, label }: { action: string; label: string }) {
  const form = useForm({})
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        form.delete(action)
      }}
    >
      <LoadingButton loading={form.processing} className="button danger">
        {label}
      </LoadingButton>
    </form>
  )
}

function RevokeButton({ action, label }: { action: string; label: string }) {
  const form = useForm({})
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        form.delete(action)
      }}
    >
      <button type="submit" className="link-button" disabled={form.processing}>
        {label}
      </button>
    </form>
  )
}

/** One member: invitation link (re-issue, cancel), role grants (add/remove), deactivate/reactivate. */
export default function StaffMemberShow(props: Props) {
  const {
    member,
    grants,
    sessions,
    inviteUrl,
    roles,
    communities,
    canGrantEverywhere,
    canManageInvitation,
  } = props
  const t = useT()
  const dates = useDates()
  const grantForm = useForm<{ role: string; communityId: number | null }>({
    role: roles[0],
    communityId: canGrantEverywhere ? null : (communities[0]?.id ?? null),
  })
  return (
    <>
      <Head title={member.name} />
      <p>
        <Link href="/staff/members">← {t('ui.staff.members.title')}</Link>
      </p>
      <h1>{member.name}</h1>
      <p>
        {member.email} · {t(`ui.staff.status.${member.status}`)}
      </p>
      {member.status === 'pending' && !member.invitationOpen && (
        <p className="hint">{t('ui.staff.members.invitation_cancelled_hint')}</p>
      )}

      {inviteUrl && (
        <section className="card" aria-labelledby="invite-link">
          <h2 id="invite-link">{t('ui.staff.members.invite_link')}</h2>
          <p className="hint">{t('ui.staff.members.invite_link_hint')}</p>
          <TextInput
            label={t('ui.staff.members.invite_link_field')}
            readOnly
            value={inviteUrl}
            onFocus={(event) => event.target.select()}
          />
        </section>
      )}

      <section className="card" aria-labelledby="grants">
        <h2 id="grants">{t('ui.staff.fields.roles')}</h2>
        <TableWrap labelledBy="grants">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('ui.staff.fields.role')}</th>
                <th scope="col">{t('ui.staff.fields.scope')}</th>
                <th scope="col">{t('ui.staff.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {grants.map((grant) => (
                <tr key={grant.id}>
                  <td>{t(`ui.staff.roles.${grant.role}`)}</td>
                  <td>{grant.community ?? t('ui.staff.scope.everywhere')}</td>
                  <td>
                    {grant.canRevoke && (
                      <RevokeButton
                        action={`/staff/members/${member.id}/roles/${grant.id}`}
                        label={t('ui.staff.members.revoke')}
                      />
                    )}
                  </td>
                </tr>
              ))}
              {grants.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    {t('ui.staff.members.no_roles')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </TableWrap>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            grantForm.post(`/staff/members/${member.id}/roles`, { preserveScroll: true })
          }}
        >
          <h3>{t('ui.staff.members.add_role')}</h3>
          <SelectInput
            label={t('ui.staff.fields.role')}
            value={grantForm.data.role}
            error={grantForm.errors.role}
            options={roles.map((role) => ({ value: role, label: t(`ui.staff.roles.${role}`) }))}
            onChange={(event) => grantForm.setData('role', event.target.value)}
          />
          <ScopeSelect
            value={grantForm.data.communityId}
            communities={communities}
            canGrantEverywhere={canGrantEverywhere}
            error={grantForm.errors.communityId}
            onChange={(value) => grantForm.setData('communityId', value)}
          />
          <LoadingButton loading={grantForm.processing}>
            {t('ui.staff.members.grant')}
          </LoadingButton>
        </form>
      </section>

      <section className="card" aria-labelledby="sessions">
        <h2 id="sessions">{t('ui.staff.members.sessions')}</h2>
        <p className="hint">{t('ui.staff.members.sessions_hint')}</p>
        <TableWrap labelledBy="sessions">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('ui.staff.members.session_signed_in')}</th>
                <th scope="col">{t('ui.staff.members.session_ip')}</th>
                <th scope="col">{t('ui.staff.members.session_device')}</th>
                <th scope="col">{t('ui.staff.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((entry) => (
                <tr key={entry.handle}>
                  <td>
                    {dates.dateTime(entry.signedInAt)}
                    {entry.current && ` (${t('ui.staff.members.session_current')})`}
                  </td>
                  <td>{entry.ip ?? '—'}</td>
                  <td>{entry.userAgent ?? '—'}</td>
                  <td>
                    <RevokeButton
                      action={`/staff/members/${member.id}/sessions/${entry.handle}`}
                      label={t('ui.staff.members.end_session')}
                    />
                  </td>
                </tr>
              ))}
              {sessions.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    {t('ui.staff.members.no_sessions')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </TableWrap>
        {sessions.length > 0 && (
          <DeleteButton
            action={`/staff/members/${member.id}/sessions`}
            label={t('ui.staff.members.end_all_sessions')}
          />
        )}
      </section>

      <section className="card actions" aria-label={t('ui.staff.actions')}>
        {member.status === 'pending' && canManageInvitation && (
          <PostButton
            action={`/staff/members/${member.id}/invitation`}
            label={t('ui.staff.members.resend_invitation')}
          />
        )}
        {member.status === 'pending' && member.invitationOpen && canManageInvitation && (
          <DeleteButton
            action={`/staff/members/${member.id}/invitation`}
            label={t('ui.staff.members.cancel_invitation')}
          />
        )}
        {member.status === 'active' && !member.isSelf && (
          <PostButton
            action={`/staff/members/${member.id}/deactivate`}
            label={t('ui.staff.members.deactivate')}
            danger
          />
        )}
        {member.status === 'inactive' && (
          <PostButton
            action={`/staff/members/${member.id}/reactivate`}
            label={t('ui.staff.members.reactivate')}
          />
        )}
      </section>
    </>
  )
}
