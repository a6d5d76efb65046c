import '~/css/staff.css'
import { Head, Link, router, useForm } from '@inertiajs/react'
import { useState } from 'react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import TableWrap from '~/components/table_wrap'

interface Row {
  id: number
  code: string
  name: string
  kind: string
  depth: number
  population: number
  childrenPopulation: number
  childrenCount: number
  canManage: boolean
}

interface Props {
  filters: { search: string }
  communities: Row[]
  can: { create: boolean; import: boolean }
}

function DeleteButton({ row }: { row: Row }) {
  const t = useT()
  const form = useForm({})
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        if (window.confirm(t('ui.communities.confirm_delete', { name: row.name }))) {
          form.delete(`/staff/communities/${row.id}`, { preserveScroll: true })
        }
      }}
    >
      <button type="submit" className="link-button" disabled={form.processing}>
        {t('ui.communities.delete')}
        <span className="sr-only"> {row.name}</span>
      </button>
    </form>
  )
}

/** The hierarchy as an indented table: population and the sum over direct children. */
export default function CommunitiesIndex({ filters, communities, can }: Props) {
  const t = useT()
  const [search, setSearch] = useState(filters.search)
  const number = (value: number) => value.toLocaleString()
  return (
    <>
      <Head title={t('ui.communities.title')} />
      <h1>{t('ui.communities.title')}</h1>
      <div className="actions">
        {can.create && (
          <Link className="button" href="/staff/communities/create">
            {t('ui.communities.create')}
          </Link>
        )}
        {can.import && (
          <Link className="button secondary" href="/staff/communities/import">
            {t('ui.communities.import')}
          </Link>
        )}
      </div>
      <form
        role="search"
        className="actions"
        onSubmit={(event) => {
          event.preventDefault()
          router.get('/staff/communities', search ? { search } : {}, { preserveState: true })
        }}
      >
        <TextInput
          label={t('ui.communities.search')}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="submit" className="button secondary">
          {t('ui.staff.filter')}
        </button>
      </form>
      <TableWrap label={t('ui.communities.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('ui.communities.fields.name')}</th>
              <th scope="col">{t('ui.communities.fields.code')}</th>
              <th scope="col">{t('ui.communities.fields.kind')}</th>
              <th scope="col">{t('ui.communities.fields.population')}</th>
              <th scope="col">{t('ui.communities.children_population')}</th>
              <th scope="col">{t('ui.staff.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {communities.map((row) => (
              <tr key={row.id}>
                <td style={{ paddingLeft: `${8 + row.depth * 20}px` }}>{row.name}</td>
                <td className="nowrap">
                  <code>{row.code}</code>
                </td>
                <td>{t(`ui.communities.kinds.${row.kind}`)}</td>
                <td className="nowrap">{number(row.population)}</td>
                <td className="nowrap">
                  {row.childrenCount > 0 ? number(row.childrenPopulation) : '—'}
                </td>
                <td>
                  {row.canManage && (
                    <div className="row-actions">
                      <Link href={`/staff/communities/${row.id}/edit`}>
                        {t('ui.communities.edit')}
                        <span className="sr-only"> {row.name}</span>
                      </Link>
                      <Link href={`/staff/communities/create?parentId=${row.id}`}>
                        {t('ui.communities.add_child')}
                        <span className="sr-only"> {row.name}</span>
                      </Link>
                      {row.childrenCount === 0 && <DeleteButton row={row} />}
                    </div>
                  )}
                </td>
              </tr>
            ))}
            {communities.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  {t('ui.communities.none')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </TableWrap>
    </>
  )
}
