/*
| The staff dashboard's to-dos. The identity module shows them; every module that has work for
| staff contributes a source (registered once by `start/staff_todos.ts`), so identity needs to
| know no module. A source gets the member and the communities each of their roles covers, and
| returns only to-dos with something to do (count > 0).
*/

export type StaffRoleName = 'admin' | 'moderator' | 'expert' | 'observer' | 'terminal'

/** Communities a member's grants of some roles cover: every one, these ids, or none. */
export type RoleScope = 'all' | number[]

export interface StaffTodoMember {
  id: number
  /** The page's language (for names stored per language). */
  locale: string
  /** The communities the member's grants of any of `roles` cover (subtrees included). */
  scopeOf(roles: StaffRoleName[]): Promise<RoleScope>
}

export interface StaffTodo {
  /** Translation key under `ui.staff.todos.` (with `{count}` and the `values`). */
  key: string
  count: number
  /** Where the work is done; null when there is no screen for it. */
  href: string | null
  values?: Record<string, string | number>
  /** A moment the to-do is about (ISO 8601), shown in the reader's format. */
  at?: string
}

export type StaffTodoSource = (member: StaffTodoMember) => Promise<StaffTodo[]>

const sources = new Map<string, StaffTodoSource>()

export function registerStaffTodos(name: string, source: StaffTodoSource): void {
  sources.set(name, source)
}

export async function staffTodos(member: StaffTodoMember): Promise<StaffTodo[]> {
  const all: StaffTodo[] = []
  for (const source of sources.values()) all.push(...(await source(member)))
  return all.filter((todo) => todo.count > 0)
}

/** Restricts a query on a `community_id` column to a scope (callers skip an empty scope). */
export function inScope<Q extends { whereIn(column: string, values: number[]): Q }>(
  query: Q,
  column: string,
  scope: RoleScope
): Q {
  return scope === 'all' ? query : query.whereIn(column, scope)
}
