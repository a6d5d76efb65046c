import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'

interface Todo {
  key: string
  count: number
  href: string | null
  values?: Record<string, string | number>
  at?: string
}

interface Props {
  /** Work waiting for this member's roles (only to-dos with a count above 0). */
  todos: Todo[]
  grants: { role: string; community: string | null }[]
  can: { manageStaff: boolean; viewCommunities: boolean; viewAuditLog: boolean }
  /** Whether this member signs in with a second factor (offered when not). */
  twoFactorOn: boolean
}

/** The staff home: to-dos with links, the member's roles and the screens they may open. */
export default function StaffDashboard({ todos, grants, can, twoFactorOn }: Props) {
  const t = useT()
  const dates = useDates()
  return (
    <>
      <Head title={t('ui.staff.dashboard.title')} />
      <h1>{t('ui.staff.dashboard.title')}</h1>
      <section className="card" aria-labelledby="to-do">
        <h2 id="to-do">{t('ui.staff.todos.title')}</h2>
        {todos.length === 0 ? (
          <p className="muted">{t('ui.staff.todos.none')}</p>
        ) : (
          <ul className="todos">
            {todos.map((todo, index) => {
              const text = t(`ui.staff.todos.${todo.key}`, { count: todo.count, ...todo.values })
              return (
                <li key={index} data-todo={todo.key}>
                  <strong className="todo-count">{todo.count}</strong>{' '}
                  {todo.href ? <Link href={todo.href}>{text}</Link> : text}
                  {todo.at && (
                    <>
                      {' '}
                      <time dateTime={todo.at}>{dates.dateTime(todo.at)}</time>
                    </>
                  )}
                </li>
              )
            })}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="my-roles">
        <h2 id="my-roles">{t('ui.staff.dashboard.your_roles')}</h2>
        {grants.length === 0 ? (
          <p className="muted">{t('ui.staff.dashboard.no_roles')}</p>
        ) : (
          <ul>
            {grants.map((grant, index) => (
              <li key={index}>
                {t(`ui.staff.roles.${grant.role}`)} ·{' '}
                {grant.community ?? t('ui.staff.scope.everywhere')}
              </li>
            ))}
          </ul>
        )}
        {!twoFactorOn && (
          <p>
            <Link href="/staff/two-factor">{t('ui.staff.two_factor.offer')}</Link>
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="you-may">
        <h2 id="you-may">{t('ui.staff.dashboard.you_may')}</h2>
        <ul>
          {can.manageStaff && (
            <li>
              <Link href="/staff/members">{t('ui.staff.dashboard.manage_staff')}</Link>
            </li>
          )}
          {can.viewCommunities && (
            <li>
              <Link href="/staff/communities">{t('ui.staff.dashboard.manage_communities')}</Link>
            </li>
          )}
          {can.viewAuditLog && (
            <li>
              <Link href="/staff/audit">{t('ui.staff.dashboard.view_audit')}</Link>
            </li>
          )}
          {!can.manageStaff && !can.viewCommunities && !can.viewAuditLog && (
            <li className="muted">{t('ui.staff.dashboard.nothing_yet')}</li>
          )}
        </ul>
      </section>
    </>
  )
}
