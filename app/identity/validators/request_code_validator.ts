import vine from '@vinejs/vine'
import { phoneField } from '#identity/validators/phone_rule'

/** POST /sign-in and POST /api/v1/auth/sms: `{phone}` (normalized to E.164). */
export const requestCodeValidator = vine.compile(
  vine.object({
    phone: phoneField(),
    next: vine.string().maxLength(2000).optional(),
  })
)
