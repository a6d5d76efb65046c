import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import identityConfig from '#config/identity'
import { normalizePhone } from '#identity/phone'
import { phoneAllowed } from '#identity/phone_policy'

/**
 * A phone number in any usual notation, replaced by its E.164 form.
 * Failure messages (localized): `validator.shared.messages.phone` (not a number),
 * `validator.shared.messages.phoneNotAllowed` (outside SMS_ALLOWED_REGIONS / _NUMBER_TYPES).
 */
export const e164Phone = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string') return
    const e164 = normalizePhone(value, identityConfig.defaultPhoneRegion)
    if (!e164) {
      field.report('Enter a valid phone number', 'phone', field)
      return
    }
    if (!phoneAllowed(e164, identityConfig.phonePolicy)) {
      const regions = identityConfig.phonePolicy.regions?.join(', ') ?? '*'
      field.report('Sign-in codes cannot be sent to this number', 'phoneNotAllowed', field, {
        regions,
      })
      return
    }
    field.mutate(e164, field)
  }
)

export const phoneField = () => vine.string().trim().maxLength(32).use(e164Phone())
