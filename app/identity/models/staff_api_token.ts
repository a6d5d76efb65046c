import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { StaffApiScope } from '#identity/api_tokens/scopes'

/** A staff API token: what a script may do (scopes) until when; only its SHA-256 is stored. */
export default class StaffApiToken extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column({ serializeAs: null })
  declare tokenHash: string

  @column()
  declare scopes: StaffApiScope[]

  @column.dateTime()
  declare expiresAt: DateTime

  @column()
  declare createdByStaffId: number

  @column.dateTime()
  declare createdAt: DateTime

  @column.dateTime()
  declare revokedAt: DateTime | null
}
