import type { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A resident's support of an idea, with its exact time; withdrawn ones stay as history. */
export default class IdeaSupport extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare ideaId: number

  @column()
  declare residentId: number

  @column.dateTime()
  declare createdAt: DateTime

  @column.dateTime()
  declare withdrawnAt: DateTime | null
}
