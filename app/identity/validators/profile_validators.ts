import vine from '@vinejs/vine'

/** PUT /profile/district: a district id, or null to clear it; `next` back to where the resident was. */
export const declareDistrictValidator = vine.compile(
  vine.object({
    districtId: vine.number().withoutDecimals().positive().max(2_147_483_647).nullable(),
    next: vine.string().maxLength(2000).optional(),
  })
)

/** DELETE /profile: the resident ticks that they understand what deletion means. */
export const deleteAccountValidator = vine.compile(vine.object({ confirm: vine.accepted() }))
