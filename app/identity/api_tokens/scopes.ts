/*
| Scopes of staff API tokens. A route names the one scope it needs; `read` is needed by every
| read route, each write scope only by its writes (a write scope does not imply `read`).
*/
export const STAFF_API_SCOPES = ['read', 'campaigns:write', 'ideas:moderate'] as const
export type StaffApiScope = (typeof STAFF_API_SCOPES)[number]

/** How long a new token may live, in days (the form offers these). */
export const STAFF_API_TOKEN_LIFETIMES_DAYS = [7, 30, 90, 365] as const
