import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

/*
| Sessions live in PostgreSQL (`sessions` table) by default: the cookie holds only the signed
| id, sign-out deletes the row and an admin can revoke a staff member's sessions. Expired rows
| are deleted by the store on 2 % of writes and hourly (app/identity/start/session_purge.ts).
| `cookie` keeps everything in the browser (4 KB limit, not revocable);
| `memory` is for tests.
*/
/** The session cookie; a request without it is anonymous (`#reporting/results_replay`). */
export const SESSION_COOKIE = 'civic-budget-session'

const sessionConfig = defineConfig({
  enabled: true,
  cookieName: SESSION_COOKIE,
  clearWithBrowser: false,
  age: '2h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: env.get('SESSION_DRIVER', 'database'),
  stores: {
    cookie: stores.cookie(),
    database: stores.database({ tableName: 'sessions' }),
  },
})

export default sessionConfig
