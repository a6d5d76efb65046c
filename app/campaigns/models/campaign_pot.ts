import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { BallotRule } from '#campaigns/ballot_rules'
import type { Translations } from '#campaigns/translations'
import { money } from '#campaigns/models/money'

export const POT_KINDS = ['size', 'district'] as const
export type PotKind = (typeof POT_KINDS)[number]

/** A named share of a campaign's budget (by project size or by district) with its ballot rule. */
export default class CampaignPot extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare campaignId: number

  @column({ prepare: (value: Translations) => JSON.stringify(value) })
  declare name: Translations

  @column(money)
  declare budget: number

  /** The cost band of projects on this pot (null: no bound). */
  @column(money)
  declare minProjectCost: number | null

  @column(money)
  declare maxProjectCost: number | null

  @column()
  declare kind: PotKind

  @column()
  declare districtId: number | null

  @column({ prepare: (value: BallotRule) => JSON.stringify(value) })
  declare ballotRule: BallotRule

  @column()
  declare position: number

  /** The score (approval: votes) a project needs before greedy may fund it; 0 = no minimum. */
  @column()
  declare minSupport: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
