import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A kiosk or bank terminal: issues credentials for people it identified by its own means. */
export default class Terminal extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare communityId: number

  /** Ed25519 public key (32 bytes hex) for signed submissions later; optional for now. */
  @column()
  declare publicKey: string | null

  /** SHA-256 hex of the API token; the token itself is shown once and never stored. */
  @column({ serializeAs: null })
  declare tokenHash: string

  @column()
  declare createdByStaffId: number | null

  @column.dateTime()
  declare createdAt: DateTime

  @column.dateTime()
  declare revokedAt: DateTime | null
}
