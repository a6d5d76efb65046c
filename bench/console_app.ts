/*
| The app booted in the console environment for a bench script run under ts-node
| (bench/credentials_setup.ts, bench/projection_run.ts): `app.start(body)` runs the body,
| `app.terminate()` ends it.
*/
import 'reflect-metadata'
import { Ignitor } from '@adonisjs/core'

const APP_ROOT = new URL('../', import.meta.url)

/** The app, initialised and booted in the console environment (env validated as at boot). */
export async function bootConsoleApp() {
  const app = new Ignitor(APP_ROOT, {
    importer: (path) => import(path.startsWith('.') ? new URL(path, APP_ROOT).href : path),
  })
    .tap((a) => a.booting(async () => void (await import('#start/env'))))
    .createApp('console')
  await app.init()
  await app.boot()
  return app
}
