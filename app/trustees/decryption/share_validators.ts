import vine from '@vinejs/vine'
import { RECORD_PAYLOAD_BYTES_MAX } from '@civic-budget/protocol/limits'

/** `?first=N`: the position of the first ballot wanted (default 0). */
export const ballotsQueryValidator = vine.compile(
  vine.object({
    first: vine
      .number()
      .withoutDecimals()
      .min(0)
      .max(2 ** 31)
      .optional(),
  })
)

/** `{record}`: a `decryption-shares` payload as hex; its content is judged by the decoder (422). */
export const sharesBodyValidator = vine.compile(
  vine.object({
    record: vine
      .string()
      .regex(/^(?:[0-9a-fA-F]{2})+$/)
      .maxLength(2 * RECORD_PAYLOAD_BYTES_MAX),
  })
)
