/*
| PERSON_REF_KEY (start/env.ts): the key of every person reference (app/voting/person_ref.ts), never
| derived from APP_KEY. Production needs a secret of at least 32 characters; development and tests
| without one use a documented, public default (`.env.test` sets its own).
*/
export const DEV_PERSON_REF_KEY = 'dev-only-person-ref-key-not-a-secret'

export function personRefKey(
  name: string,
  value: string | undefined,
  nodeEnv: string | undefined = process.env.NODE_ENV
): string {
  if (value && value.length >= 32) return value
  if (nodeEnv === 'production' || value) {
    throw new Error(
      `${name} must be a secret of at least 32 characters (e.g. openssl rand -base64 32); ` +
        'it keys every person reference, see app/voting/README.md "One person, one vote"'
    )
  }
  return DEV_PERSON_REF_KEY
}
