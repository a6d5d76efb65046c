import app from '@adonisjs/core/services/app'
import env from '#start/env'
import Terminal from '#voting/models/terminal'
import createTerminal from '#voting/actions/create_terminal'
import { terminalTokenHash } from '#voting/terminal_tokens'

export const DEMO_TERMINAL_NAME = 'Demo kiosk (Riverside library)'

/**
 * Development only (protocol.md): a demo terminal whose token is DEMO_TERMINAL_TOKEN (default
 * `dev-terminal-token`). Idempotent; never in production.
 */
export async function seedDemoTerminal(cityId: number) {
  if (app.inProduction) return null
  const token = env.get('DEMO_TERMINAL_TOKEN') || 'dev-terminal-token'
  const existing = await Terminal.findBy('tokenHash', terminalTokenHash(token))
  if (existing) return existing
  const result = await createTerminal(
    { type: 'system', id: null, ip: null },
    { name: DEMO_TERMINAL_NAME, communityId: cityId, token }
  )
  return result.outcome === 'ok' ? result.terminal : null
}
