import vine from '@vinejs/vine'

/** `{name, communityId, publicKey?}` of the staff screen's "register a terminal" form. */
export const createTerminalValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(120),
    communityId: vine.number().withoutDecimals().positive(),
    publicKey: vine
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/)
      .nullable()
      .optional(),
  })
)
