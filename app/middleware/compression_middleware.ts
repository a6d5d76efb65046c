import compression from 'compression'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { BALLOT_ROUTE } from '#middleware/identityless_middleware'

/*
| Server middleware: brotli or gzip (whichever the client prefers; `compression` 1.8, maintained by
| the Express team, works on Node's own request and response, so static files, pages and JSON are
| all covered, streamed). Only compressible types above 1 KB. Left alone:
| - `text/event-stream` (it must reach the client event by event, not when a deflate block fills);
| - `/staff` pages: they can show secrets (a TOTP key at enrolment, recovery codes) beside text an
|   attacker could reflect, the BREACH pattern. Resident pages carry no secret in the body (the CSRF
|   token travels in the XSRF-TOKEN cookie) and staff pages are not where the traffic is;
| - the ballot routes: one small receipt per voter (1–3 KB, mostly base64 that barely compresses),
|   where compressing cost ~3 % of the app's CPU under ballot load.
*/
const compress = compression({
  threshold: 1024,
  filter: (req, res) => {
    if ((req.url ?? '').startsWith('/staff') || BALLOT_ROUTE.test(req.url ?? '')) return false
    if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) return false
    return compression.filter(req, res)
  },
})

export default class CompressionMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    // `compression` only wraps the response's write/end here and calls back at once.
    await new Promise<void>((resolve, reject) =>
      compress(ctx.request.request as any, ctx.response.response as any, (error?: unknown) =>
        error ? reject(error) : resolve()
      )
    )
    return next()
  }
}
