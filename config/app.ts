import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'

/*
| APP_KEY encrypts cookies, sessions and stored registrar keys. It only ever
| comes from the environment.
*/
export const appKey = new Secret(env.get('APP_KEY'))

export const http = defineConfig({
  // No per-request id: nothing reads it, logs are better without a correlator, and generating
  // one (cuid2, SHA-3) cost ~4 % of the app's CPU under ballot load (bench:voting profile).
  generateRequestId: false,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: false,
  // Behind nginx in production: trust the loopback proxy for client IPs (rate limits per IP).
  trustProxy: (address) => address === '127.0.0.1' || address === '::1',
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
