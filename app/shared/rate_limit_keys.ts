import { createHmac } from 'node:crypto'
import env from '#start/env'

/*
| Rate-limit rows (table `rate_limits`) must not name anyone: a key built from a resident id, a
| phone number, an e-mail or an IP is stored as `<kind>:<HMAC-SHA256(K, parts)>`, with K derived
| from APP_KEY for this purpose only. The kind stays readable (the purge job and an operator
| looking at a counter need it); a database dump alone cannot tell whose counter a row is. The
| kind is hashed too: otherwise one IP's `sms:ip` row (made at sign-in) and `credential:ip` row (made
| at the credential request) carried the same digest, a bridge from a sign-in to a credential request.
*/
const PURPOSE = 'civic-budget/rate-limit-key/v1'

let derivedKey: Buffer | null = null

function keyOfThisPurpose(): Buffer {
  derivedKey ??= createHmac('sha256', env.get('APP_KEY')).update(PURPOSE).digest()
  return derivedKey
}

/** `kind` is a fixed label such as `sms:ip`; `parts` are the values that name someone. */
export function rateLimitKey(kind: string, ...parts: string[]): string {
  const digest = createHmac('sha256', keyOfThisPurpose())
    .update([kind, ...parts].join('\u0000'))
    .digest('base64url')
  return `${kind}:${digest}`
}
