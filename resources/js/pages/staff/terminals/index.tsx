import '~/css/staff.css'
import { Head, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import SelectInput from '~/components/form/select_input'
import LoadingButton from '~/components/form/loading_button'
import OneTimeSecret from '~/components/staff/one_time_secret'
import TableWrap from '~/components/table_wrap'

interface Props {
  terminals: {
    id: number
    name: string
    community: string
    createdDay: string | null
    revoked: boolean
    credentialsIssued: number
    /** UTC day of the last credential it issued: never a time (see the hint on the page). */
    lastUsedDay: string | null
  }[]
  communities: { id: number; label: string }[]
  /** The token of a terminal just registered or rotated, shown this once. */
  newToken: { name: string; token: string } | null
}

function ActionButton({ action, label }: { action: string; label: string }) {
  const form = useForm({})
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        form.post(action, { preserveScroll: true })
      }}
    >
      <button type="submit" className="link-button" disabled={form.processing}>
        {label}
      </button>
    </form>
  )
}

/** Kiosk and bank terminals: register, rotate a token, revoke; their use, coarsely. */
export default function StaffTerminals({ terminals, communities, newToken }: Props) {
  const t = useT()
  const form = useForm<{ name: string; communityId: number | ''; publicKey: string }>({
    name: '',
    communityId: communities[0]?.id ?? '',
    publicKey: '',
  })
  return (
    <>
      <Head title={t('ui.terminals.title')} />
      <h1>{t('ui.terminals.title')}</h1>
      <p className="hint">{t('ui.terminals.intro')}</p>

      {newToken && (
        <OneTimeSecret
          title={t('ui.terminals.new_token', { name: newToken.name })}
          value={newToken.token}
        />
      )}

      <section className="card" aria-labelledby="terminals">
        <h2 id="terminals">{t('ui.terminals.list')}</h2>
        <p className="hint">{t('ui.terminals.usage_hint')}</p>
        <TableWrap labelledBy="terminals">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('ui.terminals.name')}</th>
                <th scope="col">{t('ui.terminals.community')}</th>
                <th scope="col">{t('ui.terminals.credentials_issued')}</th>
                <th scope="col">{t('ui.terminals.last_used_day')}</th>
                <th scope="col">{t('ui.terminals.state_label')}</th>
                <th scope="col">{t('ui.staff.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {terminals.map((terminal) => (
                <tr key={terminal.id}>
                  <td className="cell-name">{terminal.name}</td>
                  <td>{terminal.community}</td>
                  <td>{terminal.credentialsIssued}</td>
                  <td className="nowrap">{terminal.lastUsedDay ?? t('ui.terminals.never')}</td>
                  <td>
                    {t(
                      terminal.revoked ? 'ui.terminals.state.revoked' : 'ui.terminals.state.active'
                    )}
                  </td>
                  <td>
                    {!terminal.revoked && (
                      <div className="row-actions">
                        <ActionButton
                          action={`/staff/terminals/${terminal.id}/rotate`}
                          label={t('ui.terminals.rotate')}
                        />
                        <ActionButton
                          action={`/staff/terminals/${terminal.id}/revoke`}
                          label={t('ui.terminals.revoke')}
                        />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
              {terminals.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {t('ui.terminals.none')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <section className="card" aria-labelledby="create-terminal">
        <h2 id="create-terminal">{t('ui.terminals.create')}</h2>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            form.post('/staff/terminals', {
              preserveScroll: true,
              onSuccess: () => form.reset('name', 'publicKey'),
            })
          }}
        >
          <TextInput
            label={t('ui.terminals.name')}
            value={form.data.name}
            error={form.errors.name}
            maxLength={120}
            required
            onChange={(event) => form.setData('name', event.target.value)}
          />
          <SelectInput
            label={t('ui.terminals.community')}
            value={form.data.communityId}
            error={form.errors.communityId}
            options={communities.map((c) => ({ value: c.id, label: c.label }))}
            onChange={(event) => form.setData('communityId', Number(event.target.value))}
          />
          <TextInput
            label={t('ui.terminals.public_key')}
            hint={t('ui.terminals.public_key_hint')}
            value={form.data.publicKey}
            error={form.errors.publicKey}
            maxLength={64}
            spellCheck={false}
            onChange={(event) => form.setData('publicKey', event.target.value)}
          />
          <LoadingButton loading={form.processing}>{t('ui.terminals.create_button')}</LoadingButton>
        </form>
      </section>
    </>
  )
}
