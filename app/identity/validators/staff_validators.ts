/*
| One VineJS validator per staff action (identity module).
*/
import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { STAFF_ROLES } from '#identity/roles'
import { STAFF_API_SCOPES, STAFF_API_TOKEN_LIFETIMES_DAYS } from '#identity/api_tokens/scopes'

export const PASSWORD_LENGTH_MIN = 10

const optionalCommunityId = () => vine.number().withoutDecimals().positive().nullable().optional()

export const staffLoginValidator = vine.compile(
  vine.object({
    email: vine.string().trim().maxLength(254),
    password: vine.string().maxLength(200),
  })
)

export const inviteStaffValidator = vine.compile(
  vine.object({
    email: vine.string().trim().email().maxLength(254),
    fullName: vine.string().trim().minLength(2).maxLength(200),
    role: vine.enum(STAFF_ROLES),
    communityId: optionalCommunityId(),
  })
)
export type InviteStaffData = Infer<typeof inviteStaffValidator>

export const acceptInvitationValidator = vine.compile(
  vine.object({
    password: vine.string().minLength(PASSWORD_LENGTH_MIN).maxLength(200).confirmed({
      confirmationField: 'passwordConfirmation',
    }),
  })
)

export const grantRoleValidator = vine.compile(
  vine.object({
    role: vine.enum(STAFF_ROLES),
    communityId: optionalCommunityId(),
  })
)

export const staffListValidator = vine.compile(
  vine.object({
    search: vine.string().trim().maxLength(100).optional(),
    page: vine.number().withoutDecimals().min(1).max(100000).optional(),
  })
)

export const auditFilterValidator = vine.compile(
  vine.object({
    actor: vine.number().withoutDecimals().positive().optional(),
    action: vine.string().trim().maxLength(64).optional(),
    subjectType: vine.string().trim().maxLength(64).optional(),
    subjectId: vine.string().trim().maxLength(64).optional(),
    from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    to: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    page: vine.number().withoutDecimals().min(1).max(100000).optional(),
  })
)

/** A 6-digit code from the authenticator app, or a recovery code (XXXXX-XXXXX). */
export const twoFactorCodeValidator = vine.compile(
  vine.object({
    code: vine.string().trim().minLength(6).maxLength(20),
  })
)

export const createStaffApiTokenValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(120),
    scopes: vine.array(vine.enum(STAFF_API_SCOPES)).minLength(1).maxLength(STAFF_API_SCOPES.length),
    expiresInDays: vine
      .number()
      .withoutDecimals()
      .in([...STAFF_API_TOKEN_LIFETIMES_DAYS]),
  })
)
