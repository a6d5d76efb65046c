import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import identityConfig from '#config/identity'
import { normalizePhone } from '#identity/phone'

/**
 * A phone number in any usual notation, replaced by its E.164 form.
 * Failure message: `validator.shared.messages.phone` (localized).
 */
export const e164Phone = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string') return
    const e164 = normalizePhone(value, identityConfig.defaultPhoneRegion)
    if (!e164) {
      field.report('Enter a valid phone number', 'phone', field)
      return
    }
    field.mutate(e164, field)
  }
)

export const phoneField = () => vine.string().trim().maxLength(32).use(e164Phone())
