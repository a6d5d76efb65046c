import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { SmsGateway, SmsUnavailableError } from '#identity/sms/sms_gateway'
import { smsOutbox } from '#identity/sms/sms_outbox'

/** Empties everything the identity module writes, so each test starts from nothing. */
export async function resetIdentity() {
  await db.rawQuery(
    'TRUNCATE residents, consent_records, sms_challenges, resident_access_tokens, rate_limits RESTART IDENTITY CASCADE'
  )
  smsOutbox.clear()
}

/** Row counts of the identity tables (to assert that nothing changed). */
export async function identityCounts() {
  const tables = [
    'residents',
    'consent_records',
    'sms_challenges',
    'resident_access_tokens',
  ] as const
  const counts: Record<(typeof tables)[number], number> = {
    residents: 0,
    consent_records: 0,
    sms_challenges: 0,
    resident_access_tokens: 0,
  }
  for (const table of tables) {
    const [row] = await db.from(table).count('* as total')
    counts[table] = Number(row.total)
  }
  return counts
}

/** Challenges that could still sign someone in. */
export async function usableChallenges(phone: string) {
  const [row] = await db
    .from('sms_challenges')
    .where('phone_e164', phone)
    .whereNull('consumed_at')
    .where('expires_at', '>', new Date())
    .count('* as total')
  return Number(row.total)
}

/** The newest code the log driver "sent" to `phone`, read through GET /dev/sms/outbox. */
export async function latestCode(client: ApiClient, phone: string): Promise<string> {
  const response = await client.get('/dev/sms/outbox').qs({ phone })
  response.assertStatus(200)
  const [newest] = response.body() as { code: string }[]
  if (!newest) throw new Error(`No SMS in the outbox for ${phone}`)
  return newest.code
}

/** A code guaranteed to differ from `code`. */
export function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000'
}

/** Simulates the SMS operator being down: swap it in with `app.container.swap(SmsGateway, …)`. */
export class DownSmsGateway extends SmsGateway {
  calls = 0
  async send(): Promise<void> {
    this.calls++
    throw new SmsUnavailableError('simulated outage')
  }
}

/** Pretends `points` were already counted under a limiter key (e.g. `rateLimitKey('sms:phone-day', ip, phone)`). */
export async function setRateLimit(key: string, points: number, expiresInSeconds: number) {
  await db.rawQuery(
    `INSERT INTO rate_limits (key, points, expire) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET points = EXCLUDED.points, expire = EXCLUDED.expire`,
    [`rlflx:${key}`, points, Date.now() + expiresInSeconds * 1000]
  )
}

/** Lifts the 60 s pause between two codes to one number (the challenges' clocks and the limiter's). */
export async function allowResendNow() {
  await db.from('sms_challenges').update({ resend_after: new Date(Date.now() - 1000) })
  await db.from('rate_limits').whereLike('key', 'rlflx:sms:resend:%').delete()
}

/** POST /api/v1/auth/sms and return the requestId (asserting 202). */
export async function requestApiCode(client: ApiClient, phone: string): Promise<string> {
  const response = await client.post('/api/v1/auth/sms').json({ phone })
  response.assertStatus(202)
  return response.body().requestId
}

/** Session values without the CSRF secret (to replay a request with no token). */
export function withoutCsrf(values: Record<string, any>): Record<string, any> {
  const copy = { ...values }
  delete copy['csrf-secret']
  return copy
}
