/*
| The first run of `npm start` or of an ace command on a fresh clone writes .env from
| .env.example with a fresh APP_KEY (secrets only ever come from the environment).
*/
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))

/** Creates .env when missing; returns whether it did. */
export function ensureEnvFile() {
  const envPath = `${root}.env`
  if (existsSync(envPath)) return false
  const example = readFileSync(`${root}.env.example`, 'utf8')
  const key = randomBytes(32).toString('base64url')
  writeFileSync(envPath, example.replace(/^APP_KEY=.*$/m, `APP_KEY=${key}`), { mode: 0o600 })
  return true
}
