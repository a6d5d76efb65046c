import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { Stage } from '#campaigns/stages'

/** One move of a campaign between stages: by a staff member or by the schedule. */
export default class CampaignStageChange extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare campaignId: number

  @column()
  declare fromStage: Stage

  @column()
  declare toStage: Stage

  @column()
  declare actorType: 'staff' | 'schedule'

  @column()
  declare staffUserId: number | null

  @column()
  declare reason: string | null

  @column.dateTime()
  declare changedAt: DateTime
}
