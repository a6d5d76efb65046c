import { createHmac } from 'node:crypto'
import env from '#start/env'

/*
| The "person" a credential is issued to, as stored in credential_issuances.person_ref:
| - online: `resident:<residents.id>` (the resident signed in by SMS);
| - terminal: `terminal:<hex HMAC-SHA256(K, uint32 terminalId ‖ 0x00 ‖ personKey)>` with
|   K = HMAC-SHA256(APP_KEY, "civic-budget/terminal-person/v1"): the terminal's own identifier
|   of the person (a bank's customer id) never reaches the database, and without APP_KEY the
|   digests cannot be matched against the terminal operator's customer list.
| Rotating APP_KEY changes terminal refs: do it only between campaigns.
*/
const TERMINAL_TAG = 'civic-budget/terminal-person/v1'

export function residentRef(residentId: number): string {
  if (!Number.isInteger(residentId) || residentId <= 0) {
    throw new Error('assertion: resident id must be a positive integer')
  }
  return `resident:${residentId}`
}

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
