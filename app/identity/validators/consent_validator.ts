import vine from '@vinejs/vine'
import { noticePreferencesFields } from '#identity/validators/profile_validators'

/** POST /sign-in/consent: the notice must be accepted explicitly; notices are an optional opt-in. */
export const consentValidator = vine.compile(
  vine.object({ accept: vine.accepted(), ...noticePreferencesFields })
)
