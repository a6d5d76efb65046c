import type { HttpContext } from '@adonisjs/core/http'

/*
| The results widget is the only page other sites may frame. Shield sets X-Frame-Options
| SAMEORIGIN and, in production, a CSP with `frame-ancestors 'self'` for every route; for this
| response alone both are relaxed: no X-Frame-Options, `frame-ancestors *`. Nothing on the page
| acts on the visitor's session (read-only counts), so clickjacking has nothing to click.
*/
export function allowFramingFromAnyOrigin(ctx: HttpContext) {
  ctx.response.removeHeader('X-Frame-Options')
  const csp = ctx.response.getHeader('Content-Security-Policy')
  if (typeof csp === 'string') {
    const directives = csp
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d.length > 0 && !d.toLowerCase().startsWith('frame-ancestors'))
    // Shield's CSP is on the Node response; replace it there and in Adonis' own header map.
    ctx.response.removeHeader('Content-Security-Policy')
    ctx.response.header('Content-Security-Policy', [...directives, 'frame-ancestors *'].join('; '))
  }
}
