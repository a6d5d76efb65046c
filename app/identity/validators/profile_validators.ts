import vine from '@vinejs/vine'

/** PUT /profile/district: a district id, or null to clear it; `next` back to where the resident was. */
export const declareDistrictValidator = vine.compile(
  vine.object({
    districtId: vine.number().withoutDecimals().positive().max(2_147_483_647).nullable(),
    next: vine.string().maxLength(2000).optional(),
  })
)

/**
 * The notices opt-in (PUT /profile/notices, and the consent step of the first sign-in): texts when
 * voting opens and results are published, also by e-mail when an address is given.
 */
export const noticePreferencesFields = {
  notices: vine.boolean().optional(),
  noticesEmail: vine.string().trim().maxLength(254).email().optional().nullable(),
}

/** PUT /profile/notices: the choice is required (a body without it changes nothing). */
export const noticePreferencesValidator = vine.compile(
  vine.object({ ...noticePreferencesFields, notices: vine.boolean() })
)

/** PUT /profile/display-name: the name shown with one's ideas and comments; empty clears it. */
export const displayNameValidator = vine.compile(
  vine.object({ displayName: vine.string().trim().maxLength(40).nullable().optional() })
)

/** DELETE /profile: the resident ticks that they understand what deletion means. */
export const deleteAccountValidator = vine.compile(vine.object({ confirm: vine.accepted() }))
