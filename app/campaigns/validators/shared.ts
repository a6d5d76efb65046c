import vine from '@vinejs/vine'
import { AMOUNT_MAX } from '#campaigns/models/money'
import { ROW_ID_MAX } from '#shared/row_id'
import { isKnownCurrency } from '#shared/currencies'
import { cityZone, parseCityDateTime } from '#shared/city_time'
import deploymentConfig from '#config/deployment'
import type { Locale } from '#config/i18n'

/**
 * `{en?, ru?, uk?}`: the city's content languages (config/deployment.ts, read when a request is
 * validated) are required, the others optional; any text given has at least 2 characters.
 */
export function translations(maxLength: number) {
  const text = (locale: Locale) =>
    vine
      .string()
      .trim()
      .minLength(2)
      .maxLength(maxLength)
      .optional()
      .requiredWhen(() => deploymentConfig.contentLanguages.includes(locale))
  return vine.object({ en: text('en'), ru: text('ru'), uk: text('uk') })
}

/** Like `translations`, but every language may be left empty (descriptions). */
export function optionalTranslations(maxLength: number) {
  const text = () => vine.string().trim().maxLength(maxLength).optional()
  return vine.object({ en: text(), ru: text(), uk: text() })
}

/** A positive amount in the currency's smallest unit. */
export const amount = () => vine.number().withoutDecimals().min(1).max(AMOUNT_MAX)

/** An ISO 4217 code the platform knows (#shared/currencies), upper-cased. */
const currencyRule = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && !isKnownCurrency(value)) {
    field.report('Choose an ISO 4217 currency code', 'campaigns.currency', field)
  }
})
export const currency = () =>
  vine
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/)
    .use(currencyRule())

/**
 * An ISO 8601 date-time: with an offset the instant it names; without one (a datetime-local
 * field) a wall-clock time in the city's time zone (#shared/city_time). Out: a UTC DateTime.
 */
const cityDateTimeRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const parsed = parseCityDateTime(value)
  if (parsed.ok) return
  if (parsed.error === 'skipped') {
    const message = 'This time does not exist in the city: the clocks skip it'
    field.report(message, 'campaigns.time_skipped', field, { zone: cityZone() })
  } else {
    field.report('Enter a valid date and time', 'campaigns.date_time', field)
  }
})

export const optionalDateTime = () =>
  vine
    .string()
    .trim()
    .use(cityDateTimeRule())
    // VineJS runs the transform for an explicit null too ("no date", as the wizard sends it).
    .transform((value: string | null) => {
      if (value === null) return null
      const parsed = parseCityDateTime(value)
      return parsed.ok ? parsed.at : null
    })
    .nullable()
    .optional()

/** An id of a community (checked to exist and to be inside the campaign's subtree by the action). */
export const communityId = () => vine.number().withoutDecimals().min(1).max(ROW_ID_MAX)
