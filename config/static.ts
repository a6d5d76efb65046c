import { defineConfig } from '@adonisjs/static'

/** Vite's build output: every file name carries a content hash, so it never changes in place. */
const HASHED_ASSETS = /[\\/]public[\\/]assets[\\/]/

const staticServerConfig = defineConfig({
  enabled: true,
  etag: true,
  lastModified: true,
  dotFiles: 'ignore',
  // Set before `serve-static` would write its own `max-age=0`, which it then leaves alone.
  headers: (path: string) =>
    HASHED_ASSETS.test(path) ? { 'Cache-Control': 'public, max-age=31536000, immutable' } : {},
})

export default staticServerConfig
