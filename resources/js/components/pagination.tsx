import { Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'

/** Server-side pagination links that keep the current filters in the query string. */
export default function Pagination({
  page,
  lastPage,
  filters,
  path,
}: {
  page: number
  lastPage: number
  filters: Record<string, string>
  path: string
}) {
  const t = useT()
  if (lastPage <= 1) return null
  const href = (target: number) => {
    const query = new URLSearchParams()
    for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value)
    query.set('page', String(target))
    return `${path}?${query.toString()}`
  }
  return (
    <nav aria-label={t('ui.staff.pagination.label')} className="actions pagination">
      {page > 1 && (
        <Link href={href(page - 1)} rel="prev">
          {t('ui.staff.pagination.previous')}
        </Link>
      )}
      <span aria-current="page">{t('ui.staff.pagination.page', { page, lastPage })}</span>
      {page < lastPage && (
        <Link href={href(page + 1)} rel="next">
          {t('ui.staff.pagination.next')}
        </Link>
      )}
    </nav>
  )
}
