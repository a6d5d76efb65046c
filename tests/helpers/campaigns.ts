import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Community from '#communities/models/community'
import StaffUser from '#identity/models/staff_user'
import StaffRole from '#identity/models/staff_role'
import Resident from '#identity/models/resident'
import type { StaffRole as Role } from '#identity/roles'
import createCampaign from '#campaigns/actions/create_campaign'
import type Campaign from '#campaigns/models/campaign'
import type { CreateCampaignInput } from '#campaigns/validators/campaign_validators'
import type { Stage } from '#campaigns/stages'
import { encryptSecret } from '#identity/staff/two_factor'
import { STAFF_TOTP_SECRET } from '#tests/helpers/staff'

let counter = 0
const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}`

/** A city with two districts, plus an unrelated city (for scope tests). */
export async function makeCity() {
  const tag = unique()
  const city = await Community.create({
    code: `city-${tag}`,
    name: `City ${tag}`,
    kind: 'city',
    parentId: null,
    population: 1000,
  })
  const north = await Community.create({
    code: `north-${tag}`,
    name: `North ${tag}`,
    kind: 'district',
    parentId: city.id,
    population: 500,
  })
  const south = await Community.create({
    code: `south-${tag}`,
    name: `South ${tag}`,
    kind: 'district',
    parentId: city.id,
    population: 500,
  })
  const other = await Community.create({
    code: `other-${tag}`,
    name: `Other ${tag}`,
    kind: 'city',
    parentId: null,
    population: 100,
  })
  return { city, north, south, other }
}

export async function makeStaff(role: Role, communityId: number | null = null) {
  const user = await StaffUser.create({
    email: `${role}-${unique()}@test.example`,
    fullName: `Test ${role}`,
    password: 'not-used-in-tests',
    active: true,
    // Admins must have a second factor (else every staff screen sends them to enrol).
    ...(role === 'admin'
      ? { totpSecret: encryptSecret(STAFF_TOTP_SECRET), totpEnabledAt: DateTime.now() }
      : {}),
  })
  await StaffRole.create({ staffUserId: user.id, role, communityId })
  return user
}

/**
 * A resident row plus its model. Inserted with SQL: the skeleton's Resident model maps
 * `phoneE164` to "phone_e_164" (the column is phone_e164) until the identity module
 * fixes its column name; only `id`, `phoneE164` and `districtId` matter here.
 */
/** A resident made with a phone (the model's phone is nullable: OpenID Connect sign-in). */
export type PhoneResident = Resident & { phoneE164: string }

export async function makeResident(
  phone: string,
  districtId: number | null = null
): Promise<PhoneResident> {
  const [row] = await db
    .table('residents')
    .insert({
      phone_e164: phone,
      district_id: districtId,
      district_source: districtId === null ? null : 'declared',
      locale: 'en',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id')
  const resident = new Resident()
  resident.id = row.id
  resident.phoneE164 = phone
  resident.districtId = districtId
  resident.districtSource = districtId === null ? null : 'declared'
  return resident as PhoneResident
}

export async function makeCampaign(
  communityId: number,
  overrides: Partial<CreateCampaignInput> & { stage?: Stage } = {}
): Promise<Campaign> {
  const { stage, ...input } = overrides
  const result = await createCampaign(
    { type: 'system', id: null },
    {
      communityId,
      title: { en: `Campaign ${unique()}` },
      description: { en: 'Test campaign' },
      totalBudget: 1_000_000,
      currency: 'RUB',
      ...input,
    }
  )
  if (result.outcome !== 'ok') throw new Error(`makeCampaign: ${JSON.stringify(result)}`)
  if (stage) {
    result.campaign.stage = stage
    await result.campaign.save()
  }
  return result.campaign
}

export const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' })

/** A valid pot form body. */
export function potBody(overrides: Record<string, unknown> = {}) {
  return {
    name: { en: 'Small projects', ru: 'Малые проекты' },
    budget: 100_000,
    kind: 'size',
    rule: { kind: 'approval', minSelections: 1, maxSelections: 3 },
    ...overrides,
  }
}

/** Rows of the audit log about a campaign. */
export async function auditOf(campaignId: number) {
  return db
    .from('audit_logs')
    .where('subject_type', 'campaign')
    .where('subject_id', String(campaignId))
    .orderBy('id')
}

/** Sends a request and asserts its status (keeps tests free of `(await x).assertStatus()`). */
export async function expectStatus<R extends { assertStatus(status: number): unknown }>(
  request: PromiseLike<R>,
  status: number
): Promise<R> {
  const response = await request
  response.assertStatus(status)
  return response
}
