import env from '#start/env'

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/civic_budget'

/** The PostgreSQL URL the app connects to (bin/start.js may point it at the PGlite fallback). */
export function databaseUrl(): string {
  return env.get('DATABASE_URL') ?? DEFAULT_DATABASE_URL
}
