import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import type StaffUser from '#identity/models/staff_user'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import {
  ceremonyState,
  makeTrusteeKey,
  type CeremonyRecordsView,
  type TrusteeKey,
} from '@civic-budget/protocol/trustee'

/** Trustee key files with a cheap scrypt (the real cost is for people's passphrases). */
export const TEST_KDF = { N: 2 ** 10, r: 8, p: 1 }
export const TEST_PASSPHRASE = 'trustee passphrase for tests'

export interface NamedTrustee {
  index: number
  token: string
}

/** The admin names trustees through the staff screen (JSON); their invite tokens. */
export async function nameTrusteesAs(
  client: ApiClient,
  admin: StaffUser,
  campaignId: number,
  body: { names: string[]; threshold: number; deadlineAt?: string | null }
): Promise<NamedTrustee[]> {
  const response = await client
    .post(`/staff/campaigns/${campaignId}/trustees`)
    .json(body)
    .accept('json')
    .withCsrfToken()
    .withGuard('staff')
    .loginAs(admin)
    .redirects(0)
  response.assertStatus(200)
  return response.body().invites.map((invite: { index: number; url: string }) => ({
    index: invite.index,
    token: invite.url.split('#token=')[1],
  }))
}

/** One trustee's side of the API, as the page and the CLI use it. */
export function trusteeApi(client: ApiClient, token: string) {
  const auth = `Bearer ${token}`
  return {
    ceremony: () => client.get('/api/v1/trustee/ceremony').header('Authorization', auth),
    post: (what: 'key' | 'dealing' | 'review', body: Record<string, unknown>) =>
      client.post(`/api/v1/trustee/${what}`).header('Authorization', auth).json(body),
  }
}

export async function trusteeKey(campaignId: number, index: number): Promise<TrusteeKey> {
  return makeTrusteeKey(campaignId, index, TEST_PASSPHRASE, { kdf: TEST_KDF })
}

/** `GET /api/v1/trustee/ceremony` as this trustee (200 asserted). */
export async function ceremonyView(client: ApiClient, trustee: NamedTrustee) {
  const response = await trusteeApi(client, trustee.token).ceremony()
  response.assertStatus(200)
  return response.body()
}

/** Every trustee makes a key and posts it through the trustee API (201 asserted); the keys. */
export async function postKeys(client: ApiClient, campaignId: number, trustees: NamedTrustee[]) {
  const keys: TrusteeKey[] = []
  for (const trustee of trustees) {
    const key = await trusteeKey(campaignId, trustee.index)
    const posted = await trusteeApi(client, trustee.token).post('key', {
      record: bytesToHex(key.record),
    })
    posted.assertStatus(201)
    keys.push(key)
  }
  return keys
}

export const hex = bytesToHex

/** The ceremony as the trustee API shows it, decoded. */
export function stateOf(view: CeremonyRecordsView) {
  return ceremonyState(view)
}

/** As if the replicas had committed every queued record (no cluster needed). */
export async function commitOutbox() {
  await db
    .from('ledger_outbox')
    .whereIn('status', ['queued', 'submitted'])
    .update({ status: 'committed', committed_height: 1 })
}

export async function outboxCount(): Promise<number> {
  const [row] = await db.from('ledger_outbox').count('* as n')
  return Number(row.n)
}
