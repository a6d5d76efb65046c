/*
| Environment variables, validated at boot. Secrets (APP_KEY, SMS gateway
| credentials, ledger admin keys) come only from here.
*/
import { Env } from '@adonisjs/core/env'
import { personRefKey } from './person_ref_key.js'
import { cityTimeZone, contentLanguages } from './deployment_env.js'

/** A claim name, or a dotted path into an object claim (`address.district`); `-` = not mapped. */
function claimName(name: string, value?: string): string | undefined {
  if (value === undefined || value === '' || value === '-') return value
  if (!/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/.test(value)) {
    throw new Error(`${name} must be a claim name or a dotted path of claim names, not "${value}"`)
  }
  return value
}

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: Env.schema.string(),
  // The key of every person reference (app/voting/person_ref.ts) — never derived from APP_KEY.
  PERSON_REF_KEY: (name: string, value?: string) => personRefKey(name, value),
  APP_URL: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.enum([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),

  // The city (config/deployment.ts): dates are entered and shown in CITY_TIME_ZONE (an IANA
  // name; storage stays UTC); CONTENT_LANGUAGES lists the languages every title must have.
  CITY_TIME_ZONE: cityTimeZone,
  CONTENT_LANGUAGES: contentLanguages,

  SESSION_DRIVER: Env.schema.enum.optional(['database', 'cookie', 'memory'] as const),

  DATABASE_URL: Env.schema.string.optional(),
  DATABASE_POOL_MAX: Env.schema.number.optional(),

  DEFAULT_PHONE_REGION: Env.schema.string.optional(),
  // Who may receive sign-in codes, and how many a whole site sends an hour (config/identity.ts).
  SMS_ALLOWED_REGIONS: Env.schema.string.optional(),
  SMS_ALLOWED_NUMBER_TYPES: Env.schema.string.optional(),
  SMS_HOURLY_BUDGET: Env.schema.number.optional(),
  SMS_DRIVER: Env.schema.enum(['log', 'http'] as const),
  SMS_HTTP_URL: Env.schema.string.optional(),
  SMS_HTTP_METHOD: Env.schema.enum.optional(['POST', 'PUT', 'GET'] as const),
  SMS_HTTP_HEADERS: Env.schema.string.optional(),
  SMS_HTTP_BODY: Env.schema.string.optional(),
  SMS_HTTP_TIMEOUT_MS: Env.schema.number.optional(),
  SMS_HTTP_RETRIES: Env.schema.number.optional(),

  CONSENT_VERSION: Env.schema.string.optional(),
  // OpenID Connect sign-in of residents (app/identity/oidc/oidc_settings.ts): none without OIDC_ISSUER.
  OIDC_ISSUER: Env.schema.string.optional({ format: 'url', tld: false }),
  OIDC_CLIENT_ID: Env.schema.string.optional(),
  OIDC_CLIENT_SECRET: Env.schema.string.optional(),
  OIDC_SCOPES: Env.schema.string.optional(),
  OIDC_DISPLAY_NAME: Env.schema.string.optional(),
  OIDC_REDIRECT_URI: Env.schema.string.optional({ format: 'url', tld: false }),
  OIDC_CLAIM_SUBJECT: claimName,
  OIDC_CLAIM_PHONE: claimName,
  OIDC_CLAIM_PHONE_VERIFIED: claimName,
  OIDC_CLAIM_BIRTH_DATE: claimName,
  OIDC_CLAIM_DISTRICT: claimName,
  OIDC_CLAIM_ID_HASH: claimName,
  DEMO_TERMINAL_TOKEN: Env.schema.string.optional(),

  // Attachments of ideas (config/drive.ts): local disk by default, or S3-compatible.
  DRIVE_DISK: Env.schema.enum.optional(['fs', 's3'] as const),
  DRIVE_FS_ROOT: Env.schema.string.optional(),
  DRIVE_S3_BUCKET: Env.schema.string.optional(),
  DRIVE_S3_REGION: Env.schema.string.optional(),
  DRIVE_S3_ENDPOINT: Env.schema.string.optional(),
  DRIVE_S3_KEY: Env.schema.string.optional(),
  DRIVE_S3_SECRET: Env.schema.string.optional(),

  // Ledger (config/ledger.ts, app/ledger/README.md): replica HTTP base URLs (comma-separated), the
  // genesis file, and the platform's Ed25519 admin key (hex seed, 32 bytes) that signs `campaign` txs.
  LEDGER_REPLICAS: Env.schema.string.optional(),
  LEDGER_GENESIS: Env.schema.string.optional(),
  LEDGER_ADMIN_SECRET_KEY: Env.schema.string.optional(),
  // Replica URLs as browsers reach them (check-my-ballot page); default: LEDGER_REPLICAS.
  LEDGER_PUBLIC_URLS: Env.schema.string.optional(),
  // The voting page's random wait between credential and ballot (config/voting.ts).
  BALLOT_DELAY_MIN_MS: Env.schema.number.optional(),
  BALLOT_DELAY_MAX_MS: Env.schema.number.optional(),

  // Notices to residents and webhooks (config/notifications.ts, app/notifications/README.md).
  NOTICES_PER_MINUTE: Env.schema.number.optional(),
  WEBHOOK_TIMEOUT_MS: Env.schema.number.optional(),
  WEBHOOK_ATTEMPTS_MAX: Env.schema.number.optional(),
  // E-mail (config/mail.ts): `log` (default) writes messages to the log; `smtp` sends them.
  MAIL_MAILER: Env.schema.enum.optional(['log', 'smtp'] as const),
  MAIL_FROM: Env.schema.string.optional(),
  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  // Map tiles (config/map.ts): an XYZ template such as https://tiles.city.example/{z}/{x}/{y}.png
  // and its attribution; without a URL no page shows a map.
  MAP_TILE_URL: Env.schema.string.optional(),
  MAP_TILE_ATTRIBUTION: Env.schema.string.optional(),
  MAP_MAX_ZOOM: Env.schema.number.optional(),
  // Where an empty map opens: "latitude,longitude,zoom" (default: the whole world).
  MAP_DEFAULT_VIEW: Env.schema.string.optional(),
})
