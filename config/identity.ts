import app from '@adonisjs/core/services/app'
import env from '#start/env'
import type { CountryCode } from 'libphonenumber-js'
import { policyList } from '#identity/phone_policy'

/*
| Resident identity: phone sign-in policy, consent version and the SMS gateway.
| Secrets (gateway credentials) only come from the environment.
*/
const defaultPhoneRegion = (env.get('DEFAULT_PHONE_REGION') ?? 'RU').toUpperCase() as CountryCode

const identityConfig = {
  /** Region used to read numbers typed without a country code ("8 999 …", "999 …"). */
  defaultPhoneRegion,

  /**
   * Numbers that may receive codes (app/identity/phone_policy.ts). Default: the default region's
   * mobiles (FIXED_LINE_OR_MOBILE is what libphonenumber says where ranges are shared, e.g. US).
   * Development accepts any number of the default region, so the demo takes whatever one types.
   */
  phonePolicy: {
    regions: policyList(env.get('SMS_ALLOWED_REGIONS'), [defaultPhoneRegion]),
    types: policyList(
      env.get('SMS_ALLOWED_NUMBER_TYPES'),
      app.inDev ? null : ['MOBILE', 'FIXED_LINE_OR_MOBILE']
    ),
  },

  /** Version of the personal-data notice; a resident who accepted an older one is asked again. */
  consentVersion: env.get('CONSENT_VERSION') ?? '2026-11',

  codes: {
    digits: 6,
    ttlSeconds: 10 * 60,
    maxAttempts: 5,
    resendAfterSeconds: 60,
  },

  /** How long a verified phone waits on the consent step before the sign-in must restart. */
  consentStepTtlSeconds: 15 * 60,

  /**
   * Codes sent (database limiter store, table rate_limits). The per-phone limits count per
   * requesting IP + number, so nobody else can use up a resident's sends (docs/threat-model.md
   * "Sign-in limits"); the hourly budget counts every code the site sends.
   */
  limits: {
    perPhoneHour: { requests: 5, duration: '1 hour' },
    perPhoneDay: { requests: 10, duration: '1 day' },
    perIpHour: { requests: 30, duration: '1 hour' },
    smsHourlyBudget: env.get('SMS_HOURLY_BUDGET') ?? 1000,
  },

  /** API bearer tokens issued by POST /api/v1/auth/sms/verify. */
  apiTokenTtl: '12 hours',

  sms: {
    driver: env.get('SMS_DRIVER'),
    http: {
      url: env.get('SMS_HTTP_URL'),
      method: env.get('SMS_HTTP_METHOD') ?? 'POST',
      headers: env.get('SMS_HTTP_HEADERS'),
      body: env.get('SMS_HTTP_BODY'),
      timeoutMs: env.get('SMS_HTTP_TIMEOUT_MS') ?? 5000,
      retries: env.get('SMS_HTTP_RETRIES') ?? 2,
    },
  },
} as const

export default identityConfig
