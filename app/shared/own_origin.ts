import type { HttpContext } from '@adonisjs/core/http'
import env from '#start/env'

function configuredOrigin(): string | null {
  const appUrl = env.get('APP_URL')
  if (!appUrl) return null
  try {
    return new URL(appUrl).origin
  } catch {
    return null
  }
}

/**
 * Whether `origin` ("https://host[:port]", as in an Origin header or `new URL(…).origin`) is this
 * site: APP_URL's origin, or the origin the request itself was made to. Exact comparison only —
 * "http://host.evil.example" is not "http://host".
 */
export function isOwnOrigin(ctx: HttpContext, origin: string): boolean {
  const own = [configuredOrigin(), `${ctx.request.protocol()}://${ctx.request.host()}`]
  return own.includes(origin)
}
