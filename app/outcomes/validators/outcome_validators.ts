import vine from '@vinejs/vine'

export const importValidator = vine.compile(
  vine.object({
    communityId: vine.number().withoutDecimals().positive(),
    file: vine.file({ size: '50mb', extnames: ['pb', 'txt', 'csv'] }),
  })
)

export const overrideValidator = vine.compile(
  vine.object({
    reason: vine.string().trim().minLength(10).maxLength(2000),
    pots: vine
      .array(
        vine.object({
          potId: vine.number().withoutDecimals().positive(),
          projectIds: vine.array(vine.number().withoutDecimals().positive()).maxLength(1000),
        })
      )
      .minLength(1)
      .maxLength(100),
  })
)

export const potQueryValidator = vine.compile(
  vine.object({ pot: vine.number().withoutDecimals().positive().optional() })
)
