import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { audit, type AuditActor } from '#shared/audit'
import Community from '#communities/models/community'
import Terminal from '#voting/models/terminal'
import { newTerminalToken, terminalTokenHash } from '#voting/terminal_tokens'

export interface CreateTerminalInput {
  name: string
  communityId: number
  publicKey?: string | null
  /** Only for the development seed (DEMO_TERMINAL_TOKEN); otherwise a fresh random token. */
  token?: string
}

export type CreateTerminalResult =
  | { outcome: 'ok'; terminal: Terminal; token: string }
  | { outcome: 'invalid'; field: 'name' | 'communityId' | 'publicKey' }

/** Registers a terminal; the token is returned once and only its hash is stored. */
export default async function createTerminal(
  actor: AuditActor,
  input: CreateTerminalInput
): Promise<CreateTerminalResult> {
  const name = input.name.trim()
  if (name.length === 0 || name.length > 120) return { outcome: 'invalid', field: 'name' }
  const publicKey = input.publicKey?.trim().toLowerCase() || null
  if (publicKey !== null && !/^[0-9a-f]{64}$/.test(publicKey)) {
    return { outcome: 'invalid', field: 'publicKey' }
  }
  return db.transaction(async (trx) => {
    const community = await Community.find(input.communityId, { client: trx })
    if (!community) return { outcome: 'invalid' as const, field: 'communityId' as const }
    const token = input.token ?? newTerminalToken()
    const terminal = await Terminal.create(
      {
        name,
        communityId: community.id,
        publicKey,
        tokenHash: terminalTokenHash(token),
        createdByStaffId: actor.type === 'staff' ? actor.id : null,
        createdAt: DateTime.now(),
        revokedAt: null,
      },
      { client: trx }
    )
    await audit.record(
      actor,
      'terminal.created',
      { type: 'terminal', id: terminal.id },
      { after: { name, communityId: community.id, publicKey } },
      { client: trx }
    )
    return { outcome: 'ok' as const, terminal, token }
  })
}

/** Revokes a terminal (its token stops working at once). */
export async function revokeTerminal(
  actor: AuditActor,
  terminalId: number
): Promise<{ outcome: 'ok' | 'not_found' | 'already_revoked' }> {
  return db.transaction(async (trx) => {
    const terminal = await Terminal.query({ client: trx })
      .where('id', terminalId)
      .forUpdate()
      .first()
    if (!terminal) return { outcome: 'not_found' as const }
    if (terminal.revokedAt) return { outcome: 'already_revoked' as const }
    terminal.revokedAt = DateTime.now()
    terminal.useTransaction(trx)
    await terminal.save()
    await audit.record(
      actor,
      'terminal.revoked',
      { type: 'terminal', id: terminal.id },
      {},
      {
        client: trx,
      }
    )
    return { outcome: 'ok' as const }
  })
}

/**
 * Gives an active terminal a new token: the old one stops working at once (the next request
 * with it gets 401). The new token is returned once; only its hash is stored.
 */
export async function rotateTerminalToken(
  actor: AuditActor,
  terminalId: number
): Promise<{ outcome: 'ok'; token: string } | { outcome: 'not_found' | 'already_revoked' }> {
  return db.transaction(async (trx) => {
    const terminal = await Terminal.query({ client: trx })
      .where('id', terminalId)
      .forUpdate()
      .first()
    if (!terminal) return { outcome: 'not_found' as const }
    if (terminal.revokedAt) return { outcome: 'already_revoked' as const }
    const token = newTerminalToken()
    terminal.tokenHash = terminalTokenHash(token)
    terminal.useTransaction(trx)
    await terminal.save()
    await audit.record(
      actor,
      'terminal.token_rotated',
      { type: 'terminal', id: terminal.id },
      {},
      { client: trx }
    )
    return { outcome: 'ok' as const, token }
  })
}
