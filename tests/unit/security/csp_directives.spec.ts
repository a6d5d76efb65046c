import { test } from '@japa/runner'
import shieldConfig from '#config/shield'

/*
| The production Content-Security-Policy (enabled only in production, so no request in the test
| environment carries it): every source must be something a browser understands. A keyword that no
| provider resolves (such as '@viteUrl', which @adonisjs/vite 4 never registers) would be sent as
| a literal and ignored by browsers with a console error on every page.
*/
const SHIELD_KEYWORDS = new Set(['@nonce'])

function understood(source: string): boolean {
  if (SHIELD_KEYWORDS.has(source)) return true
  if (/^'[a-z-]+'$/.test(source)) return true // 'self', 'unsafe-inline', 'none'…
  if (/^[a-z][a-z0-9+.-]*:$/.test(source)) return true // data:, blob:
  try {
    const url = new URL(source)
    return url.origin === source
  } catch {
    return false
  }
}

test('every CSP source is a quoted keyword, a scheme, an origin or a keyword shield resolves', ({
  assert,
}) => {
  const directives = shieldConfig.csp.directives ?? {}
  const entries = Object.entries(directives) as [string, string[] | undefined][]
  assert.isAbove(entries.length, 0)
  for (const [directive, sources] of entries) {
    for (const source of sources ?? []) {
      assert.isTrue(understood(source), `${directive}: ${source}`)
    }
  }
  assert.notInclude(JSON.stringify(directives), '@viteUrl')
})
