import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import { AMOUNT_MAX } from '#campaigns/models/money'
import { ROW_ID_MAX } from '#shared/row_id'
import { isKnownCurrency } from '#shared/currencies'

/** `{en, ru?, uk?}`: English is required (the fallback of every other language). */
export function translations(maxLength: number) {
  const text = () => vine.string().trim().maxLength(maxLength)
  return vine.object({
    en: text().minLength(2),
    ru: text().optional(),
    uk: text().optional(),
  })
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

/** An ISO 8601 date-time (`2027-03-01T06:00`, with or without offset; no offset = UTC). */
const isoDateTimeRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const parsed = DateTime.fromISO(value, { zone: 'utc' })
  if (!parsed.isValid) {
    field.report('Enter a valid date and time', 'campaigns.date_time', field)
  }
})

export const optionalDateTime = () =>
  vine
    .string()
    .trim()
    .use(isoDateTimeRule())
    // VineJS runs the transform for an explicit null too ("no date", as the wizard sends it).
    .transform((value: string | null) =>
      value === null ? null : DateTime.fromISO(value, { zone: 'utc' })
    )
    .nullable()
    .optional()

/** An id of a community (checked to exist and to be inside the campaign's subtree by the action). */
export const communityId = () => vine.number().withoutDecimals().min(1).max(ROW_ID_MAX)
