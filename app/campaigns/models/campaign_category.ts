import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { Translations } from '#campaigns/translations'

/** A theme ideas and projects are filed under (parks, roads, culture…). */
export default class CampaignCategory extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare campaignId: number

  @column({ prepare: (value: Translations) => JSON.stringify(value) })
  declare name: Translations

  @column()
  declare position: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
