import vine from '@vinejs/vine'

/** POST /sign-in/consent: the notice must be accepted explicitly. */
export const consentValidator = vine.compile(vine.object({ accept: vine.accepted() }))
