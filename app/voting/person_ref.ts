import { createHmac } from 'node:crypto'
import env from '#start/env'
import { normalizeIdHash, normalizePhone } from '#campaigns/services/census'

/*
| The person a credential or a paper mark belongs to (app/voting/README.md "One person, one vote").
|
| A person is known by one or more identifiers, whatever the channel: a phone (E.164; online
| sign-in, a terminal that identified the person by phone, a paper voter list) and/or the register's
| ID hash (a terminal, a paper voter list, later an identity provider such as an OIDC sign-in). Each
| identifier gives one reference:
|
|   phone:<hex HMAC-SHA256(Kc, "phone" ‖ 0x00 ‖ E.164)>
|   id:<hex HMAC-SHA256(Kc, "id_hash" ‖ 0x00 ‖ lower-case hex ID hash)>
|   Kc = HMAC-SHA256(PERSON_REF_KEY, "civic-budget/person-ref/v2" ‖ 0x00 ‖ campaign id)
|
| The same identifier gives the same reference in every channel (no terminal id, no channel in it), so
| the UNIQUE (campaign, ref) claims in `credential_person_refs` allow one credential or paper sheet per
| person and campaign. The key is per campaign: references of two campaigns cannot be matched. The
| secret is PERSON_REF_KEY, not APP_KEY (whoever holds it can recompute a phone's reference; keep it
| off the app servers' backups). Rotate it only between campaigns: a new key makes the references
| already stored for an open campaign unmatchable, i.e. a second credential possible.
*/
const TAG = 'civic-budget/person-ref/v2'

export type IdentifierKind = 'phone' | 'id_hash'

/** What identifies a person; at least one, each in normal form (`normalizedPerson`). */
export interface PersonIdentifiers {
  phoneE164?: string | null
  idHash?: string | null
}

/** Raw identifiers → normal form, or the first one that is not valid. */
export function normalizedPerson(raw: {
  phone?: string | null
  idHash?: string | null
}): { ok: true; person: PersonIdentifiers } | { ok: false; invalid: IdentifierKind } {
  const person: PersonIdentifiers = {}
  if (raw.phone !== undefined && raw.phone !== null) {
    person.phoneE164 = normalizePhone(raw.phone)
    if (person.phoneE164 === null) return { ok: false, invalid: 'phone' }
  }
  if (raw.idHash !== undefined && raw.idHash !== null) {
    person.idHash = normalizeIdHash(raw.idHash)
    if (person.idHash === null) return { ok: false, invalid: 'id_hash' }
  }
  return { ok: true, person }
}

function campaignKey(campaignId: number): Buffer {
  if (!Number.isInteger(campaignId) || campaignId <= 0) {
    throw new Error('assertion: campaign id must be a positive integer')
  }
  return createHmac('sha256', env.get('PERSON_REF_KEY'))
    .update(`${TAG}\u0000${campaignId}`)
    .digest()
}

/** E.164 as a shape (a stored resident's phone must not fail on a newer numbering plan). */
const E164 = /^\+[1-9]\d{6,14}$/

/** The reference of one identifier (normal form required: callers normalise at the boundary). */
export function personRef(campaignId: number, kind: IdentifierKind, value: string): string {
  const normal = kind === 'phone' ? E164.test(value) : normalizeIdHash(value) === value
  if (!normal) throw new Error(`assertion: ${kind} is not in normal form`)
  const digest = createHmac('sha256', campaignKey(campaignId))
    .update(`${kind}\u0000${value}`)
    .digest('hex')
  return `${kind === 'phone' ? 'phone' : 'id'}:${digest}`
}

/** Every reference of a person in a campaign: phone first, then ID hash. */
export function personRefs(campaignId: number, person: PersonIdentifiers): string[] {
  const refs: string[] = []
  if (person.phoneE164) refs.push(personRef(campaignId, 'phone', person.phoneE164))
  if (person.idHash) refs.push(personRef(campaignId, 'id_hash', person.idHash))
  if (refs.length === 0) throw new Error('assertion: a person needs at least one identifier')
  return refs
}
