import db from '@adonisjs/lucid/services/db'
import { rateLimitKey } from '#shared/rate_limit_keys'
import { blind, generateVoterKey } from '@civic-budget/protocol'
import Resident from '#identity/models/resident'
import createTerminal from '#voting/actions/create_terminal'
import { makeCampaign, makeCity, makeResident, type PhoneResident } from '#tests/helpers/campaigns'
import type { Stage } from '#campaigns/stages'
import type Campaign from '#campaigns/models/campaign'

/** A fresh, valid Russian mobile number (random; collisions are negligible). */
export function freshPhone(): string {
  return `+7916${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`
}

/** A bearer token for a resident (as POST /api/v1/auth/sms/verify would give). */
export async function bearerFor(resident: Resident): Promise<string> {
  const token = await Resident.accessTokens.create(resident)
  return token.value!.release()
}

/** The limiter's counters: emptied so one test's requests do not limit another's. */
export async function resetRateLimits() {
  await db.from('rate_limits').delete()
}

/** Fills one of a resident credential request's clock-hour counters (`#voting/credential_limits`). */
export async function exhaustResidentCredentialLimit(
  kind: 'credential:ip' | 'credential:resident',
  value: string
) {
  const hour = 3600_000
  await db.rawQuery(
    `INSERT INTO rate_limits (key, points, expire) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET points = EXCLUDED.points, expire = EXCLUDED.expire`,
    [rateLimitKey(kind, value), 100_000, Math.floor(Date.now() / hour) * hour + hour]
  )
}

export interface VotingFixture {
  city: Awaited<ReturnType<typeof makeCity>>['city']
  other: Awaited<ReturnType<typeof makeCity>>['other']
  north: Awaited<ReturnType<typeof makeCity>>['north']
  campaign: Campaign
  resident: PhoneResident
  token: string
}

/** A city, a campaign in `stage` (voting by default), a resident with a bearer token. */
export async function votingFixture(stage: Stage = 'voting'): Promise<VotingFixture> {
  await resetRateLimits()
  const { city, other, north } = await makeCity()
  const campaign = await makeCampaign(city.id, { stage })
  const resident = await makeResident(freshPhone(), north.id)
  const token = await bearerFor(resident)
  return { city, other, north, campaign, resident, token }
}

/** A fresh voter key and its blinded credential message for a campaign. */
export function blindFor(campaignId: number) {
  const voter = generateVoterKey()
  const { blinded, r } = blind(campaignId, voter.publicKey)
  return { voterKey: voter.publicKey, blinded, r }
}

export async function makeTerminal(communityId: number, name = 'Test kiosk') {
  const result = await createTerminal({ type: 'system', id: null }, { name, communityId })
  if (result.outcome !== 'ok') throw new Error(`makeTerminal: ${result.outcome}`)
  return { terminal: result.terminal, token: result.token }
}
