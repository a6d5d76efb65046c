/*
| The unsubscribe link in every notice: `/notices/unsubscribe/<resident id>.<MAC>` with
| MAC = HMAC-SHA256(K, "civic-budget/unsubscribe/v1" 0 id), first 16 bytes, base64url, and K
| derived from APP_KEY for this purpose only. It needs no login and never expires (a message read
| months later must still stop the next one); it can do one thing only: switch the notices off.
| Short on purpose: it goes into a text message.
*/
import { createHmac, timingSafeEqual } from 'node:crypto'
import env from '#start/env'
import { rowId } from '#shared/row_id'

const PURPOSE = 'civic-budget/unsubscribe/v1'
const MAC_BYTES = 16

function macOf(residentId: number): Buffer {
  const key = createHmac('sha256', env.get('APP_KEY')).update(PURPOSE).digest()
  return createHmac('sha256', key)
    .update(`${PURPOSE}\u0000${residentId}`)
    .digest()
    .subarray(0, MAC_BYTES)
}

export function unsubscribeToken(residentId: number): string {
  return `${residentId}.${macOf(residentId).toString('base64url')}`
}

/** The resident a token names, or null for anything forged or malformed. */
export function residentOfToken(token: string): number | null {
  const match = /^(\d{1,10})\.([A-Za-z0-9_-]{22})$/.exec(token)
  if (!match) return null
  const id = rowId(match[1])
  if (id === null) return null
  const given = Buffer.from(match[2], 'base64url')
  return given.length === MAC_BYTES && timingSafeEqual(given, macOf(id)) ? id : null
}

/** The absolute link (APP_URL; a relative path when it is unset, e.g. in tests). */
export function unsubscribeUrl(residentId: number): string {
  const base = (env.get('APP_URL') ?? '').replace(/\/+$/, '')
  return `${base}/notices/unsubscribe/${unsubscribeToken(residentId)}`
}
