/*
| Multi-request flows over the PostgreSQL session store (the suite otherwise runs with the
| memory store, whose api-client session lives for one request):
|
|   group.setup(() => useDatabaseSessions())
|   const browser = new SessionBrowser(client)
|   await browser.send('get', '/staff/login')
|   await browser.send('post', '/staff/login', { email, password })
|
| The server's session cookie gets its own name so the api client's memory-store cookie does
| not overwrite it; `SessionBrowser` carries it, the CSRF token and the Referer like a browser.
*/
import type { ApiClient, ApiResponse } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import { configProvider } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import { MessageBuilder } from '@adonisjs/core/helpers'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import { SessionCollection } from '@adonisjs/session'
import type { ResolvedSessionConfig } from '@adonisjs/session/types'
import { STAFF_PASSWORD, staffTotpCode } from '#tests/helpers/staff'

const COOKIE = 'civic-budget-session-db'

/** Swaps in the database session store; returns the group cleanup that restores the default. */
export async function useDatabaseSessions() {
  const config = (await configProvider.resolve<ResolvedSessionConfig>(
    app,
    app.config.get('session')
  ))!
  const databaseConfig = { ...config, store: 'database', cookieName: COOKIE }
  app.container.swap(SessionMiddleware, () => new SessionMiddleware(databaseConfig, emitter))
  app.container.swap(SessionCollection, () => new SessionCollection(databaseConfig))
  return () => {
    app.container.restore(SessionMiddleware)
    app.container.restore(SessionCollection)
  }
}

export class SessionBrowser {
  sessionId: string | null = null
  csrf: string | null = null
  page: string | null = null
  /** Sent with every request (e.g. Accept-Language). */
  headers: Record<string, string> = {}
  constructor(private client: ApiClient) {}

  async send(
    method: 'get' | 'post' | 'put' | 'delete',
    url: string,
    form?: Record<string, string>
  ) {
    let request = this.client[method](url).redirects(0)
    if (this.page) request = request.header('referer', this.page)
    for (const [name, value] of Object.entries(this.headers)) request = request.header(name, value)
    if (this.sessionId) request = request.withCookie(COOKIE, this.sessionId)
    if (this.csrf) request = request.header('x-csrf-token', this.csrf)
    if (form) request = request.form(form)
    const response = await request
    if (method === 'get') this.page = `http://127.0.0.1:${process.env.PORT}${url}`
    this.remember(response)
    return response
  }

  private remember(response: ApiResponse) {
    const session = response.cookie(COOKIE)
    if (session?.value) this.sessionId = session.value
    const token = response.cookie('XSRF-TOKEN')
    if (token?.value) this.csrf = token.value
  }
}

/** The stored session row of `id`, if any. */
export async function sessionRow(id: string | null) {
  return id ? db.from('sessions').where('id', id).first() : null
}

/** The decoded data of the stored session `id` (what the server flashed into it). */
export async function sessionData(id: string | null): Promise<Record<string, any>> {
  const row = await sessionRow(id)
  if (!row) return {}
  return new MessageBuilder().verify<Record<string, any>>(row.data, row.id) ?? {}
}

/** Signs `browser` in as resident `residentId` by writing the guard's key into its stored session. */
export async function signInResident(browser: SessionBrowser, residentId: number) {
  if (!browser.sessionId) await browser.send('get', '/')
  const values = await sessionData(browser.sessionId)
  await db
    .from('sessions')
    .where('id', browser.sessionId!)
    .update({
      data: new MessageBuilder().build(
        { ...values, auth_resident: residentId },
        undefined,
        browser.sessionId!
      ),
    })
}

/** The Inertia page object embedded in a full HTML answer (`<div id="app" data-page="…">`). */
export function inertiaPage(html: string): { component: string; props: Record<string, any> } {
  const match = html.match(/data-page="([^"]*)"/)
  if (!match) throw new Error('No Inertia page in the answer')
  const json = match[1]
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
  return JSON.parse(json)
}

/** A browser signed in as staff member `email` (password, then the TOTP code when asked). */
export async function signInStaff(client: ApiClient, email: string) {
  const browser = new SessionBrowser(client)
  await browser.send('get', '/staff/login')
  let response = await browser.send('post', '/staff/login', { email, password: STAFF_PASSWORD })
  if (response.header('location') === '/staff/login/code') {
    response = await browser.send('post', '/staff/login/code', { code: staffTotpCode() })
  }
  response.assertStatus(302)
  response.assertHeader('location', '/staff')
  return browser
}
