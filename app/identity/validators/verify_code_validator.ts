import vine from '@vinejs/vine'

/** Six digits; spaces and dashes from copy-paste are dropped. */
const codeField = () =>
  vine
    .string()
    .trim()
    .regex(/^(\d[\s-]?){5}\d$/)
    .transform((value) => value.replace(/[\s-]/g, ''))

/** POST /sign-in/code: `{code}` (the challenge is in the session). */
export const verifyCodeValidator = vine.compile(vine.object({ code: codeField() }))

/**
 * POST /api/v1/auth/sms/verify: `{requestId, code}` (accepting the current personal-data
 * notice the client showed), optionally `acceptConsent: false` to decline and the
 * `consentVersion` the client showed (a stale version counts as not accepted).
 */
export const apiVerifyCodeValidator = vine.compile(
  vine.object({
    requestId: vine.string().uuid(),
    code: codeField(),
    acceptConsent: vine.boolean().optional(),
    consentVersion: vine.string().maxLength(32).optional(),
  })
)
