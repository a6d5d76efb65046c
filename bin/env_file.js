/*
| The first run of `npm start` or of an ace command on a fresh clone writes .env from
| .env.example with a fresh APP_KEY and PERSON_REF_KEY (secrets only ever come from the
| environment).
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
  const personRefKey = randomBytes(32).toString('base64url')
  const text = example
    .replace(/^APP_KEY=.*$/m, `APP_KEY=${key}`)
    .replace(/^PERSON_REF_KEY=.*$/m, `PERSON_REF_KEY=${personRefKey}`)
  writeFileSync(envPath, text, { mode: 0o600 })
  return true
}
