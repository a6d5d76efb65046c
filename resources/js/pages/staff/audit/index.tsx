import '~/css/staff.css'
import { Head, router } from '@inertiajs/react'
import { useState } from 'react'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import TextInput from '~/components/form/text_input'
import SelectInput from '~/components/form/select_input'
import Pagination from '~/components/pagination'
import TableWrap from '~/components/table_wrap'

type Filters = {
  actor: string
  action: string
  subjectType: string
  subjectId: string
  from: string
  to: string
}

interface Props {
  filters: Filters
  actions: string[]
  actors: { id: number; name: string }[]
  entries: {
    id: number
    at: string
    actor: string
    action: string
    subject: string
    changes: string
    ip: string
  }[]
  meta: { page: number; lastPage: number; total: number }
}

/** The audit log: newest first, filters kept in the query string. */
export default function AuditIndex({ filters, actions, actors, entries, meta }: Props) {
  const t = useT()
  const dates = useDates()
  // Known actions have a name in every language; any other is shown as its code.
  const actionName = (action: string) => {
    const key = `ui.staff.audit.actions.${action}`
    const name = t(key)
    return name === key ? action : name
  }
  const [values, setValues] = useState<Filters>(filters)
  const set = (key: keyof Filters) => (event: { target: { value: string } }) =>
    setValues({ ...values, [key]: event.target.value })
  const active = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''))
  return (
    <>
      <Head title={t('ui.staff.audit.title')} />
      <h1>{t('ui.staff.audit.title')}</h1>
      <form
        role="search"
        className="card filters"
        onSubmit={(event) => {
          event.preventDefault()
          router.get('/staff/audit', active, { preserveState: true })
        }}
      >
        <SelectInput
          label={t('ui.staff.audit.actor')}
          value={values.actor}
          onChange={set('actor')}
          options={[
            { value: '', label: t('ui.staff.audit.any') },
            ...actors.map((actor) => ({ value: String(actor.id), label: actor.name })),
          ]}
        />
        <SelectInput
          label={t('ui.staff.audit.action')}
          value={values.action}
          onChange={set('action')}
          options={[
            { value: '', label: t('ui.staff.audit.any') },
            ...actions.map((action) => ({ value: action, label: actionName(action) })),
          ]}
        />
        <TextInput
          label={t('ui.staff.audit.subject_type')}
          value={values.subjectType}
          onChange={set('subjectType')}
        />
        <TextInput
          label={t('ui.staff.audit.subject_id')}
          value={values.subjectId}
          onChange={set('subjectId')}
        />
        <TextInput
          label={t('ui.staff.audit.from')}
          hint={t('ui.dates.zone_days', { zone: dates.timeZone })}
          type="date"
          value={values.from}
          onChange={set('from')}
        />
        <TextInput
          label={t('ui.staff.audit.to')}
          hint={t('ui.dates.zone_days', { zone: dates.timeZone })}
          type="date"
          value={values.to}
          onChange={set('to')}
        />
        <button type="submit" className="button secondary">
          {t('ui.staff.filter')}
        </button>
      </form>
      <p className="muted">{t('ui.staff.audit.total', { total: meta.total })}</p>
      <TableWrap label={t('ui.staff.audit.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('ui.staff.audit.at')}</th>
              <th scope="col">{t('ui.staff.audit.actor')}</th>
              <th scope="col">{t('ui.staff.audit.action')}</th>
              <th scope="col">{t('ui.staff.audit.subject')}</th>
              <th scope="col">{t('ui.staff.audit.changes')}</th>
              <th scope="col">{t('ui.staff.audit.ip')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.at}>{dates.dateTimeSeconds(entry.at)}</time>
                </td>
                <td>{entry.actor}</td>
                <td>
                  {actionName(entry.action)} <code className="muted">{entry.action}</code>
                </td>
                <td>{entry.subject}</td>
                <td>
                  <code className="changes">{entry.changes}</code>
                </td>
                <td>{entry.ip}</td>
              </tr>
            ))}
            {entries.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  {t('ui.staff.audit.none')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </TableWrap>
      <Pagination page={meta.page} lastPage={meta.lastPage} filters={filters} path="/staff/audit" />
    </>
  )
}
