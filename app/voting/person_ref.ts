import { createHmac } from 'node:crypto'
import env from '#start/env'

// The online form is identity's (proposals hashes it too); voting names every ref from here.
export { residentRef } from '#identity/resident_ref'

/*
| The "person" a credential is issued to, as stored in credential_issuances.person_ref:
| - online: `resident:<residents.id>` (the resident signed in by SMS);
| - terminal: `terminal:<hex HMAC-SHA256(K, uint32 terminalId ‖ 0x00 ‖ personKey)>` with
|   K = HMAC-SHA256(APP_KEY, "civic-budget/terminal-person/v1"): the terminal's own identifier
|   of the person (a bank's customer id) never reaches the database, and without APP_KEY the
|   digests cannot be matched against the terminal operator's customer list.
| - paper (a register mark, no credential): `phone:<hex HMAC(P, E.164)>` or `id:<hex HMAC(P,
|   idHash)>` with P = HMAC-SHA256(APP_KEY, "civic-budget/paper-person/v1"), from the voter column of
|   a paper-ballot file. Issuance online checks the `phone:` mark of the resident's phone, a terminal
|   the `id:` mark of its personKey (census-only campaigns send the register's ID hash) — see
|   `crossChannelRefs`.
| Rotating APP_KEY changes terminal and paper refs: do it only between campaigns.
*/
const TERMINAL_TAG = 'civic-budget/terminal-person/v1'
const PAPER_TAG = 'civic-budget/paper-person/v1'

function terminalKey(): Buffer {
  return createHmac('sha256', env.get('APP_KEY')).update(TERMINAL_TAG).digest()
}

export function terminalPersonRef(terminalId: number, personKey: string): string {
  if (!Number.isInteger(terminalId) || terminalId <= 0) {
    throw new Error('assertion: terminal id must be a positive integer')
  }
  const id = Buffer.alloc(4)
  id.writeUInt32BE(terminalId)
  const digest = createHmac('sha256', terminalKey())
    .update(Buffer.concat([id, Buffer.from([0]), Buffer.from(personKey, 'utf8')]))
    .digest('hex')
  return `terminal:${digest}`
}

export type PaperPersonKind = 'phone' | 'id_hash'

/** The mark of a paper voter; `value` normalized (E.164 phone, lower-case hex ID hash). */
export function paperPersonRef(kind: PaperPersonKind, value: string): string {
  const key = createHmac('sha256', env.get('APP_KEY')).update(PAPER_TAG).digest()
  const digest = createHmac('sha256', key).update(value, 'utf8').digest('hex')
  return `${kind === 'phone' ? 'phone' : 'id'}:${digest}`
}

/**
 * Refs under which the same person may already hold a credential or a paper mark, besides their own:
 * an online resident's paper mark by phone; a terminal person's paper mark by ID hash (the personKey
 * of census-only campaigns).
 */
export function crossChannelRefs(
  person: { channel: 'online'; phoneE164: string } | { channel: 'terminal'; personKey: string }
): string[] {
  return person.channel === 'online'
    ? [paperPersonRef('phone', person.phoneE164)]
    : [paperPersonRef('id_hash', person.personKey.trim().toLowerCase())]
}
