import type { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { money } from '#campaigns/models/money'

/**
 * An approved idea on the ballot: final cost, pot and position within the pot. Projects of a
 * campaign imported from a Pabulib file have no idea, and keep the file's project id in
 * `externalId` (migration 0080).
 */
export default class Project extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare ideaId: number | null

  @column()
  declare externalId: string | null

  @column()
  declare campaignId: number

  @column()
  declare potId: number

  @column()
  declare title: string

  @column(money)
  declare cost: number

  @column()
  declare position: number

  /** Chosen for funding (implementation tracking; later set by the outcomes module). */
  @column()
  declare funded: boolean

  @column.dateTime()
  declare fundedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
