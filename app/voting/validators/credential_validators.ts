import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'

/** Loose shape checks only: the point itself is judged by `parseBlinded` (422 invalid_blinded). */
const blinded = vine.string().maxLength(400)

/** `{blinded, age?}`: `age` is an optional self-declared age for campaigns with a minimum age. */
export const residentCredentialValidator = vine.compile(
  vine.object({
    blinded,
    age: vine.number().withoutDecimals().min(0).max(150).optional(),
  })
)

/**
 * `{phone?, idHash?, blinded}` from a terminal: the person's phone (any usual spelling) and/or the
 * register's ID hash (any letter case, surrounding spaces ignored); at least one — checked, and
 * normalised, by `normalizedPerson` in the controller.
 */
export const terminalCredentialValidator = vine.compile(
  vine.object({
    phone: vine.string().minLength(1).maxLength(40).optional(),
    idHash: vine.string().minLength(1).maxLength(200).optional(),
    blinded,
  })
)

export type ResidentCredentialInput = Infer<typeof residentCredentialValidator>
export type TerminalCredentialInput = Infer<typeof terminalCredentialValidator>
