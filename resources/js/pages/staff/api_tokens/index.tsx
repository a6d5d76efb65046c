import '~/css/staff.css'
import { Head, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import TextInput from '~/components/form/text_input'
import SelectInput from '~/components/form/select_input'
import LoadingButton from '~/components/form/loading_button'
import OneTimeSecret from '~/components/staff/one_time_secret'
import TableWrap from '~/components/table_wrap'

interface Props {
  tokens: {
    id: number
    name: string
    scopes: string[]
    createdBy: string
    createdAt: string
    expiresAt: string
    state: 'active' | 'expired' | 'revoked'
  }[]
  /** The token made by the last request, shown this once. */
  newToken: { id: number; secret: string } | null
  scopes: string[]
  lifetimes: number[]
}

function RevokeButton({ id }: { id: number }) {
  const t = useT()
  const form = useForm({})
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        form.delete(`/staff/api-tokens/${id}`, { preserveScroll: true })
      }}
    >
      <button type="submit" className="link-button" disabled={form.processing}>
        {t('ui.staff_api.revoke')}
      </button>
    </form>
  )
}

/** Staff API tokens: what scripts may do through /api/v1/staff, until when. */
export default function StaffApiTokens({ tokens, newToken, scopes, lifetimes }: Props) {
  const t = useT()
  const form = useForm<{ name: string; scopes: string[]; expiresInDays: number }>({
    name: '',
    scopes: ['read'],
    expiresInDays: lifetimes[1] ?? lifetimes[0],
  })
  const errors = form.errors as Record<string, string | undefined>
  const { day: date } = useDates()
  return (
    <>
      <Head title={t('ui.staff_api.title')} />
      <h1>{t('ui.staff_api.title')}</h1>
      <p className="hint">{t('ui.staff_api.intro')}</p>
      <p>
        <a href="/developers/api">{t('ui.staff_api.docs_link')}</a>
      </p>

      {newToken && <OneTimeSecret title={t('ui.staff_api.new_token')} value={newToken.secret} />}

      <section className="card" aria-labelledby="create-token">
        <h2 id="create-token">{t('ui.staff_api.create')}</h2>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            form.post('/staff/api-tokens', {
              preserveScroll: true,
              onSuccess: () => form.reset('name'),
            })
          }}
        >
          <TextInput
            label={t('ui.staff_api.name')}
            hint={t('ui.staff_api.name_hint')}
            value={form.data.name}
            error={errors.name}
            maxLength={120}
            required
            onChange={(event) => form.setData('name', event.target.value)}
          />
          <fieldset aria-describedby={errors.scopes ? 'scopes-error' : undefined}>
            <legend>{t('ui.staff_api.scopes')}</legend>
            {scopes.map((scope) => (
              <label key={scope} className="checkbox">
                <input
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  checked={form.data.scopes.includes(scope)}
                  onChange={(event) =>
                    form.setData(
                      'scopes',
                      event.target.checked
                        ? [...form.data.scopes, scope]
                        : form.data.scopes.filter((s) => s !== scope)
                    )
                  }
                />{' '}
                <code>{scope}</code> — {t(`ui.staff_api.scope.${scope}`)}
              </label>
            ))}
            {errors.scopes && (
              <p id="scopes-error" className="field-error" role="alert">
                {errors.scopes}
              </p>
            )}
          </fieldset>
          <SelectInput
            label={t('ui.staff_api.expires_in')}
            value={form.data.expiresInDays}
            error={errors.expiresInDays}
            options={lifetimes.map((days) => ({
              value: days,
              label: t('ui.staff_api.days', { days }),
            }))}
            onChange={(event) => form.setData('expiresInDays', Number(event.target.value))}
          />
          <LoadingButton loading={form.processing}>{t('ui.staff_api.create_button')}</LoadingButton>
        </form>
      </section>

      <section className="card" aria-labelledby="tokens">
        <h2 id="tokens">{t('ui.staff_api.list')}</h2>
        <TableWrap labelledBy="tokens">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('ui.staff_api.name')}</th>
                <th scope="col">{t('ui.staff_api.scopes')}</th>
                <th scope="col">{t('ui.staff_api.created')}</th>
                <th scope="col">{t('ui.staff_api.expires')}</th>
                <th scope="col">{t('ui.staff_api.state_label')}</th>
                <th scope="col">{t('ui.staff.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td className="cell-name">{token.name}</td>
                  <td>
                    {token.scopes.map((scope) => (
                      <code key={scope} className="nowrap">
                        {scope}{' '}
                      </code>
                    ))}
                  </td>
                  <td>
                    {date(token.createdAt)} · {token.createdBy}
                  </td>
                  <td>{date(token.expiresAt)}</td>
                  <td>{t(`ui.staff_api.state.${token.state}`)}</td>
                  <td>{token.state === 'active' && <RevokeButton id={token.id} />}</td>
                </tr>
              ))}
              {tokens.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {t('ui.staff_api.none')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </>
  )
}
