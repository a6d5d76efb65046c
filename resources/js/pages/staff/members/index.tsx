import { Head, Link, router } from '@inertiajs/react'
import { useState } from 'react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import Pagination from '~/components/pagination'
import TableWrap from '~/components/table_wrap'

interface Props {
  filters: { search: string }
  members: { id: number; name: string; email: string; status: string; roles: string[] }[]
  meta: { page: number; lastPage: number; total: number }
}

/** Staff members with their roles and status; search in the query string. */
export default function StaffMembersIndex({ filters, members, meta }: Props) {
  const t = useT()
  const [search, setSearch] = useState(filters.search)
  return (
    <>
      <Head title={t('ui.staff.members.title')} />
      <h1>{t('ui.staff.members.title')}</h1>
      <div className="actions">
        <Link className="button" href="/staff/members/create">
          {t('ui.staff.members.invite')}
        </Link>
      </div>
      <form
        role="search"
        className="actions"
        onSubmit={(event) => {
          event.preventDefault()
          router.get('/staff/members', search ? { search } : {}, { preserveState: true })
        }}
      >
        <TextInput
          label={t('ui.staff.members.search')}
          type="search"
          name="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="submit" className="button secondary">
          {t('ui.staff.filter')}
        </button>
      </form>
      <p className="muted">{t('ui.staff.members.total', { total: meta.total })}</p>
      <TableWrap label={t('ui.staff.members.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('ui.staff.fields.full_name')}</th>
              <th scope="col">{t('ui.staff.fields.email')}</th>
              <th scope="col">{t('ui.staff.fields.roles')}</th>
              <th scope="col">{t('ui.staff.fields.status')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <td>
                  <Link href={`/staff/members/${member.id}`}>{member.name}</Link>
                </td>
                <td>{member.email}</td>
                <td>{member.roles.map((role) => t(`ui.staff.roles.${role}`)).join(', ')}</td>
                <td>{t(`ui.staff.status.${member.status}`)}</td>
              </tr>
            ))}
            {members.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {t('ui.staff.members.none')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </TableWrap>
      <Pagination
        page={meta.page}
        lastPage={meta.lastPage}
        filters={filters}
        path="/staff/members"
      />
    </>
  )
}
