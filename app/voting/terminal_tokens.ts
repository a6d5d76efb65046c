import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import Terminal from '#voting/models/terminal'

/*
| Terminal API tokens: `cbt_` + 32 random bytes (base64url). Only SHA-256(token) is stored
| (a high-entropy token needs no slow hash; the lookup by digest is constant-time enough since
| the digest of a guess reveals nothing about stored digests). Shown once at creation.
*/
export const TERMINAL_TOKEN_PREFIX = 'cbt_'
const TOKEN_LENGTH_MAX = 200

export function newTerminalToken(): string {
  return `${TERMINAL_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
}

export function terminalTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** `Authorization: Terminal <token>` → the token, or null. */
export function terminalTokenFrom(header: string | undefined): string | null {
  if (!header) return null
  const match = /^Terminal +(\S+)\s*$/i.exec(header)
  if (!match || match[1].length > TOKEN_LENGTH_MAX) return null
  return match[1]
}

/** The active terminal holding this token, or null (unknown or revoked). Marks it used. */
export async function findActiveTerminal(token: string): Promise<Terminal | null> {
  const terminal = await Terminal.query()
    .where('tokenHash', terminalTokenHash(token))
    .whereNull('revokedAt')
    .first()
  if (!terminal) return null
  const now = DateTime.now()
  // At most one write a minute per terminal.
  if (!terminal.lastUsedAt || now.diff(terminal.lastUsedAt).as('seconds') > 60) {
    await Terminal.query().where('id', terminal.id).update({ lastUsedAt: now.toJSDate() })
  }
  return terminal
}
