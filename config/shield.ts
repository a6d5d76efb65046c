import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'
import env from '#start/env'
import { urlList } from '#config/ledger'
import { tileOrigin } from '#shared/map_settings'

/** Origins of the replicas browsers may ask (LEDGER_PUBLIC_URLS, else LEDGER_REPLICAS). */
function replicaOrigins(): string[] {
  const urls = urlList(env.get('LEDGER_PUBLIC_URLS'))
  return (urls.length > 0 ? urls : urlList(env.get('LEDGER_REPLICAS'))).map(
    (url) => new URL(url).origin
  )
}

const shieldConfig = defineConfig({
  csp: {
    enabled: app.inProduction,
    directives: {
      defaultSrc: [`'self'`],
      // Built assets are served from this origin (config/vite.ts assetsUrl '/assets'). No '@viteUrl':
      // @adonisjs/vite 4 never registers that keyword, so it reached browsers as a literal source.
      scriptSrc: [`'self'`, '@nonce'],
      styleSrc: [`'self'`, `'unsafe-inline'`],
      // Map tiles come from the city's tile server (MAP_TILE_URL), when one is set.
      imgSrc: [
        `'self'`,
        'data:',
        'blob:',
        ...[tileOrigin(env.get('MAP_TILE_URL'))].filter((o): o is string => o !== null),
      ],
      // The check-my-ballot page asks the replicas directly.
      connectSrc: [`'self'`, ...replicaOrigins()],
      frameAncestors: [`'self'`],
    },
    reportOnly: false,
  },
  csrf: {
    enabled: true,
    // JSON API and replica-facing endpoints authenticate with bearer/terminal tokens, not cookies.
    exceptRoutes: (ctx) => ctx.request.url().startsWith('/api/'),
    enableXsrfCookie: true,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'SAMEORIGIN' },
  hsts: { enabled: app.inProduction, maxAge: '180 days' },
  contentTypeSniffing: { enabled: true },
})

export default shieldConfig
