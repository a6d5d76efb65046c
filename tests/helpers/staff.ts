/*
| Test factories for the staff side (reused by other modules' tests):
|
|   const admin = await createStaff({ role: 'admin' })
|   const districtAdmin = await createStaff({ role: 'admin', communityId: district.id })
|   await client.get('/staff').loginAs(admin, 'staff')
*/
import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import { generateSync } from 'otplib'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import type { Assert } from '@japa/assert'
import StaffUser from '#identity/models/staff_user'
import StaffRole from '#identity/models/staff_role'
import Community, { type CommunityKind } from '#communities/models/community'
import type { StaffRole as Role } from '#identity/roles'
import { encryptSecret } from '#identity/staff/two_factor'
import { throttledStaffLogin } from '#identity/staff/login_throttle'
import { throttledCodeCheck } from '#identity/staff/code_throttle'

export const STAFF_PASSWORD = 'correct horse battery staple'
/** The TOTP secret of test staff with a second factor (every admin unless `totp: false`). */
export const STAFF_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

/** The authenticator app's current code for STAFF_TOTP_SECRET. */
export function staffTotpCode(): string {
  return generateSync({ secret: STAFF_TOTP_SECRET })
}

let sequence = 0
/** A short unique suffix for emails and codes (tests share one database). */
export function unique(prefix = 'x'): string {
  sequence++
  return `${prefix}${sequence}${randomUUID().slice(0, 6)}`
}

export interface CreateStaffOptions {
  role?: Role | null
  communityId?: number | null
  /** more grants besides `role` */
  grants?: { role: Role; communityId?: number | null }[]
  email?: string
  fullName?: string
  password?: string | null
  active?: boolean
  /** Enrolled second factor (STAFF_TOTP_SECRET); default: only when a grant is `admin`. */
  totp?: boolean
}

/** An active staff member (password STAFF_PASSWORD) with one role, optionally scoped to a community. */
export async function createStaff(options: CreateStaffOptions = {}): Promise<StaffUser> {
  const role = options.role === undefined ? 'admin' : options.role
  const grants = [
    ...(role ? [{ role, communityId: options.communityId ?? null }] : []),
    ...(options.grants ?? []),
  ]
  const totp = options.totp ?? grants.some((grant) => grant.role === 'admin')
  const user = await StaffUser.create({
    email: (options.email ?? `${unique(role ?? 'staff')}@staff.test`).toLowerCase(),
    fullName: options.fullName ?? `Test ${role ?? 'staff'}`,
    password: options.password === undefined ? STAFF_PASSWORD : options.password,
    active: options.active ?? true,
    ...(totp
      ? { totpSecret: encryptSecret(STAFF_TOTP_SECRET), totpEnabledAt: DateTime.now() }
      : {}),
  })
  for (const grant of grants) {
    await StaffRole.create({
      staffUserId: user.id,
      role: grant.role,
      communityId: grant.communityId ?? null,
    })
  }
  return user
}

/** A community with a unique code. */
export async function createCommunity(
  options: {
    kind?: CommunityKind
    parentId?: number | null
    name?: string
    code?: string
    population?: number
  } = {}
): Promise<Community> {
  const kind = options.kind ?? 'district'
  return Community.create({
    kind,
    parentId: options.parentId ?? null,
    code: options.code ?? unique(kind.slice(0, 3).toUpperCase() + '-'),
    name: options.name ?? `Test ${kind} ${sequence}`,
    population: options.population ?? 1000,
  })
}

/** A small city: region → city → districts A and B, each with a village. */
export async function createCityTree() {
  const region = await createCommunity({ kind: 'region', population: 100000 })
  const city = await createCommunity({ kind: 'city', parentId: region.id, population: 50000 })
  const districtA = await createCommunity({
    kind: 'district',
    parentId: city.id,
    population: 20000,
  })
  const districtB = await createCommunity({
    kind: 'district',
    parentId: city.id,
    population: 30000,
  })
  const villageA = await createCommunity({
    kind: 'village',
    parentId: districtA.id,
    population: 500,
  })
  const villageB = await createCommunity({
    kind: 'village',
    parentId: districtB.id,
    population: 700,
  })
  return { region, city, districtA, districtB, villageA, villageB }
}

type HttpMethod = 'get' | 'post' | 'put' | 'delete'

/**
 * A staff request as `user` (or anonymous), CSRF token included for writes,
 * redirects not followed — so tests can assert 200 / 302 / 403 directly.
 * (The staff guard is not the default one: `.withGuard('staff').loginAs(user)`.)
 */
export function staffRequest(
  client: ApiClient,
  method: HttpMethod,
  url: string,
  user?: StaffUser | null
): ApiRequest {
  let request = client[method](url)
  if (user) request = request.withGuard('staff').loginAs(user)
  if (method !== 'get') request = request.withCsrfToken()
  return request.redirects(0)
}

/** The latest audit rows for an action (optionally about one subject). */
export async function auditRows(action: string, subject?: { type: string; id: number | string }) {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const query = db.from('audit_logs').where('action', action).orderBy('id', 'desc')
  if (subject) query.where('subject_type', subject.type).where('subject_id', String(subject.id))
  return query
}

/** One staff route of a table-driven authorization test and the roles that get through. */
export interface StaffRoute {
  name: string
  method: HttpMethod
  path: string
  body?: Record<string, unknown>
  allowed: Role[]
}

/**
 * The refusals every staff route must show: each role not in `allowed` (one member per role in
 * `insiders`) gets 403, the allowed roles granted on another community get 403, and a signed-out
 * request goes to the staff sign-in; `snapshot()` (the module's tables) is unchanged by every
 * refused request.
 */
export async function assertStaffRefusals(
  client: ApiClient,
  assert: Assert,
  options: {
    routes: StaffRoute[]
    insiders: Partial<Record<Role, StaffUser>>
    outsideCommunityId: number
    snapshot: () => Promise<unknown>
  }
): Promise<void> {
  const send = (route: StaffRoute, user: StaffUser | null) =>
    staffRequest(client, route.method, route.path, user)
      .json(route.body ?? {})
      .accept('json')
  for (const route of options.routes) {
    for (const [role, member] of Object.entries(options.insiders) as [Role, StaffUser][]) {
      if (route.allowed.includes(role)) continue
      const before = await options.snapshot()
      const response = await send(route, member)
      assert.equal(response.status(), 403, `${route.name} as ${role}`)
      assert.deepEqual(await options.snapshot(), before, `${route.name} as ${role}`)
    }
    for (const role of route.allowed) {
      const outsider = await createStaff({ role, communityId: options.outsideCommunityId })
      const before = await options.snapshot()
      const response = await send(route, outsider)
      assert.equal(response.status(), 403, `${route.name} as ${role} of another community`)
      assert.deepEqual(
        await options.snapshot(),
        before,
        `${route.name} as ${role} of another community`
      )
    }
    const anonymous = await staffRequest(client, route.method, route.path, null).json(
      route.body ?? {}
    )
    assert.include([302, 401], anonymous.status(), `${route.name} signed out`)
  }
}

/**
 * The limiter keeps one instance per set of options, bound to the database client it was first
 * made on. Made inside a test's global transaction, that client is closed once the test ends, and
 * every later use of the same limiter fails ("Client was closed and is not queryable" — seen as a
 * 500 in the browser suite's 2FA enrolment). Groups that sign staff in inside global transactions
 * call this in `group.setup`, so the staff throttles' limiters are made on the base connection.
 */
export async function makeStaffThrottlesOutsideTransactions() {
  await throttledStaffLogin('limiter-warm-up@invalid', '0.0.0.0', async () => true)
  await throttledCodeCheck(0, '0.0.0.0', async () => true)
}
