import type { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A photo or document of an idea, stored through @adonisjs/drive; `sha256` of its bytes. */
export default class IdeaAttachment extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare ideaId: number

  @column()
  declare driveKey: string

  /** A small WebP of a photo (null for documents and photos stored before thumbnails). */
  @column()
  declare thumbDriveKey: string | null

  @column()
  declare originalName: string

  @column()
  declare mime: string

  @column()
  declare size: number

  // The default naming strategy would map this to "sha_256".
  @column({ columnName: 'sha256' })
  declare sha256: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
