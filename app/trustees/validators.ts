import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { RECORD_PAYLOAD_BYTES_MAX, TRUSTEES_MAX } from '@civic-budget/protocol/limits'
import { optionalDateTime } from '#campaigns/validators/shared'

/** The staff form: the trustees' names (their order = their index 1..n), t and a deadline. */
export const nameTrusteesValidator = vine.compile(
  vine.object({
    names: vine
      .array(vine.string().trim().minLength(1).maxLength(120))
      .minLength(1)
      .maxLength(TRUSTEES_MAX),
    threshold: vine.number().withoutDecimals().min(1).max(TRUSTEES_MAX),
    deadlineAt: optionalDateTime(),
  })
)
export type NameTrusteesInput = Infer<typeof nameTrusteesValidator>

/** A new ceremony deadline, or none. */
export const deadlineValidator = vine.compile(vine.object({ deadlineAt: optionalDateTime() }))

/** Which trustee gets a new invite link. */
export const reissueValidator = vine.compile(
  vine.object({ index: vine.number().withoutDecimals().min(1).max(TRUSTEES_MAX) })
)

const recordHex = () =>
  vine
    .string()
    .maxLength(RECORD_PAYLOAD_BYTES_MAX * 2)
    .regex(/^(?:[0-9a-f]{2})+$/)

/** `POST /api/v1/trustee/key` and `/dealing`: one record's bytes as lowercase hex. */
export const recordValidator = vine.compile(vine.object({ record: recordHex() }))

/** `POST /api/v1/trustee/review`: my complaints (none when every share I got was right). */
export const reviewValidator = vine.compile(
  vine.object({ complaints: vine.array(recordHex()).maxLength(TRUSTEES_MAX) })
)
