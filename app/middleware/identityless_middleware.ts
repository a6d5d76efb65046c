import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { LOCALE_COOKIE } from '#shared/locale_cookie'

/*
| Server middleware for the check-my-ballot page (GET /check, app/voting/README.md "Pages") and the
| ballot routes (POST /api/v1/campaigns/:id/ballots, GET /api/v1/ballots/:hash). A receipt or a
| ballot shows how someone voted: the app must not learn who sends it. So the request reaches the
| session and auth middleware without its cookies (only the language cookie stays: it names
| nobody), no resident is looked up, nothing is set or refreshed (Set-Cookie is removed from the
| answer). On the check page an old link's receipt in the query is not repeated in the page, and
| the page sends no Referer onwards. It runs before anything reads a cookie (the request parses
| its Cookie header once, on first use, and keeps what it read).
*/
const CHECK_PAGE = /^\/check\/?(\?.*)?$/
export const BALLOT_ROUTE = /^\/api\/v1\/(campaigns\/[^/]+\/ballots|ballots\/[^/]+)\/?(\?.*)?$/

/** A ballot POST or status GET (no session, no CSRF guard there: session/shield middleware). */
export function isBallotRoute(ctx: HttpContext): boolean {
  return BALLOT_ROUTE.test(ctx.request.request.url ?? '')
}

function localeCookieOnly(header: string | undefined): string | undefined {
  const kept = (header ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${LOCALE_COOKIE}=`))
  return kept.length > 0 ? kept.join('; ') : undefined
}

export default class IdentitylessMiddleware {
  /**
   * An old check link (`?r=<receipt>`): the receipt is taken out of the request before anything
   * sees it, so the page (Inertia's `url` included) never repeats it. The browser still has it.
   */
  private dropReceiptParam(ctx: HttpContext) {
    const url = ctx.request.parsedUrl
    if (!url.query) return
    const params = new URLSearchParams(url.query)
    if (!params.has('r')) return
    params.delete('r')
    const rest = params.toString()
    url.query = rest === '' ? null : rest
    url.search = rest === '' ? null : `?${rest}`
    ctx.request.updateQs(Object.fromEntries(params))
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const raw = ctx.request.request
    const isPageRead = raw.method === 'GET' || raw.method === 'HEAD'
    const checkPage = isPageRead && CHECK_PAGE.test(raw.url ?? '')
    if (!checkPage && !BALLOT_ROUTE.test(raw.url ?? '')) return next()
    const cookie = localeCookieOnly(raw.headers.cookie)
    if (cookie === undefined) delete raw.headers.cookie
    else raw.headers.cookie = cookie
    if (checkPage) this.dropReceiptParam(ctx)
    await next()
    ctx.response.removeHeader('set-cookie')
    if (checkPage) ctx.response.header('Referrer-Policy', 'no-referrer')
  }
}
