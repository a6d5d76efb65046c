import { test } from '@japa/runner'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import router from '@adonisjs/core/services/router'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { STAFF_ROLES } from '#identity/roles'
import { makeStaff } from '#tests/helpers/campaigns'
import { resident } from '#tests/helpers/proposals'

/*
| Issue #13 item 7: every route of the router, its params filled with malformed values, sent
| malformed, oversized and cross-site requests as anonymous, a resident and staff of each role.
| No answer may be a 500 and no table may change, except these, which legitimately record the
| refusals themselves:
*/
const EXEMPT_TABLES: Record<string, string> = {
  // The limiter's counters: failed sign-ins and refused requests are what it counts.
  rate_limits: 'throttles count refused attempts',
  // Refused staff sign-ins and authorization failures are audited by design.
  audit_logs: 'refusals are audited',
}

const BAD_PARAMS = ['-1', 'abc', 'x'.repeat(300), '%00']
/** Passes the routes' number matchers but overflows a PostgreSQL integer: reaches the controllers. */
const HUGE_ID = '99999999999'
const GARBAGE_BODY = { id: 'abc', title: '%00', amount: -1, items: 'x'.repeat(300), file: null }
const OVERSIZED_BODY = { filler: 'x'.repeat(300 * 1024) }
/** How many of BAD_PARAMS (from the end) each signed-in actor tries; anonymous tries all. */
const ACTOR_FILLS: Record<string, number> = { 'resident': 1, 'staff:admin': 1 }
const OTHER_STAFF_FILLS = 0
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Requests in flight at once. */
const SENDERS = 1

type Actor = { name: string; login: (request: ApiRequest) => ApiRequest }
type Probe = { method: string; url: string; kind: string; actor: Actor; send: () => ApiRequest }

function routesToSweep(): { method: string; pattern: string }[] {
  const list: { method: string; pattern: string }[] = []
  for (const routes of Object.values(router.toJSON())) {
    for (const route of routes) {
      for (const method of route.methods) {
        if (method !== 'HEAD') list.push({ method, pattern: route.pattern })
      }
    }
  }
  return list
}

function fill(pattern: string, value: string): string {
  return pattern.replace(/:\w+\??/g, value).replace(/\*/g, value)
}

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await db
    .from('pg_tables')
    .where('schemaname', 'public')
    .select('tablename')
    .orderBy('tablename')
  const counts: Record<string, number> = {}
  for (const { tablename: table } of tables) {
    if (table in EXEMPT_TABLES) continue
    const [row] = await db.from(table).count('* as total')
    counts[table] = Number(row.total)
  }
  return counts
}

function probesFor(client: ApiClient, actors: Actor[], staffActors: Actor[]): Probe[] {
  const probes: Probe[] = []
  for (const { method, pattern } of routesToSweep()) {
    const hasParams = /[:*]/.test(pattern)
    const urls = hasParams ? BAD_PARAMS.map((value) => fill(pattern, value)) : [pattern]
    const writes = WRITE_METHODS.has(method)
    const request = (url: string) => client.request(url, method as 'GET').redirects(0)
    const own = pattern.startsWith('/staff') ? staffActors : actors
    for (const actor of own) {
      // Malformed params (and a garbage body for writes), with a valid CSRF token. The signed-in
      // actors try fewer values: routing refuses most of them before who is asking matters.
      const fills = ACTOR_FILLS[actor.name] ?? OTHER_STAFF_FILLS
      const tried =
        actor.name === 'anonymous'
          ? urls
          : [...new Set([fill(pattern, HUGE_ID), ...urls.slice(urls.length - fills)])]
      for (const url of tried) {
        probes.push({
          method,
          url,
          kind: 'malformed',
          actor,
          send: () => {
            const sent = actor.login(request(url)).withCsrfToken().accept('json')
            return writes ? sent.json(GARBAGE_BODY) : sent
          },
        })
      }
      if (!writes) continue
      const url = urls[0]
      probes.push({
        method,
        url,
        kind: 'cross-site',
        actor,
        send: () =>
          actor
            .login(request(url))
            .header('origin', 'https://evil.example')
            .header('sec-fetch-site', 'cross-site')
            .form({ id: '1', _method: 'DELETE' }),
      })
      // The body parser refuses these before anyone is identified: once, anonymously, is enough.
      if (actor.name !== 'anonymous') continue
      probes.push({
        method,
        url,
        kind: 'broken JSON',
        actor,
        send: () => request(url).withCsrfToken().accept('json').unsafeJson('{"id": '),
      })
      probes.push({
        method,
        url,
        kind: 'oversized',
        actor,
        send: () => request(url).withCsrfToken().json(OVERSIZED_BODY),
      })
    }
  }
  return probes
}

test.group('Security · bad input sweep over every route', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('no 500 and no change for malformed, oversized and cross-site requests', async ({
    client,
    assert,
  }) => {
    const person = await resident()
    const anonymous: Actor = { name: 'anonymous', login: (request) => request }
    const residentActor: Actor = { name: 'resident', login: (request) => request.loginAs(person) }
    const staffActors: Actor[] = [anonymous]
    for (const role of STAFF_ROLES) {
      const member = await makeStaff(role)
      staffActors.push({
        name: `staff:${role}`,
        login: (request) => request.withGuard('staff').loginAs(member),
      })
    }
    const probes = probesFor(client, [anonymous, residentActor], staffActors)
    assert.isAbove(probes.length, 100)

    const before = await rowCounts()
    const failures: string[] = []
    const queue = [...probes]
    const worker = async () => {
      for (let probe = queue.shift(); probe; probe = queue.shift()) {
        const response = await probe.send()
        // 503 is the deliberate "ledger not reachable yet" answer (no replicas in this test).
        if (response.status() >= 500 && response.status() !== 503) {
          failures.push(
            `${response.status()} ${probe.method} ${probe.url.slice(0, 80)} (${probe.kind}, ${probe.actor.name})`
          )
        }
      }
    }
    await Promise.all(Array.from({ length: SENDERS }, worker))
    assert.deepEqual(failures, [])
    assert.deepEqual(await rowCounts(), before)
  }).timeout(600_000)
})
