import type { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A milestone's photo on the drive disk, with the SHA-256 of its bytes. */
export default class MilestonePhoto extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare milestoneId: number

  @column()
  declare driveKey: string

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
