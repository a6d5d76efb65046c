import { createHash, randomBytes } from 'node:crypto'
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

/**
 * The active terminal holding this token, or null (unknown or revoked). Writes nothing: a "last used"
 * time next to credential calls would time them (migration 0110 dropped it).
 */
export async function findActiveTerminal(token: string): Promise<Terminal | null> {
  const terminal = await Terminal.query()
    .where('tokenHash', terminalTokenHash(token))
    .whereNull('revokedAt')
    .first()
  return terminal ?? null
}
