import { DateTime } from 'luxon'
import { BaseModel, column, hasMany, belongsTo, afterSave, afterDelete } from '@adonisjs/lucid/orm'
import type { HasMany, BelongsTo } from '@adonisjs/lucid/types/relations'
import Community from '#communities/models/community'
import CampaignPot from '#campaigns/models/campaign_pot'
import CampaignCategory from '#campaigns/models/campaign_category'
import CampaignStageChange from '#campaigns/models/campaign_stage_change'
import type { Stage } from '#campaigns/stages'
import type { Translations } from '#campaigns/translations'
import { money } from '#campaigns/models/money'
import { resultsChangedBy } from '#shared/results_changes'

export const ELIGIBILITY_MODES = ['anyone', 'residents', 'census'] as const
export type EligibilityMode = (typeof ELIGIBILITY_MODES)[number]
/** Which residents' districts count in `residents` mode: `declared` accepts declared and verified ones. */
export const DISTRICT_SOURCES = ['declared', 'verified'] as const
export type AcceptedDistrictSource = (typeof DISTRICT_SOURCES)[number]

export const OUTCOME_RULES = ['greedy', 'equal_shares', 'equal_shares_add1'] as const
export type OutcomeRule = (typeof OUTCOME_RULES)[number]

/** A participatory-budgeting cycle of one community. */
export default class Campaign extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare communityId: number

  @column()
  declare slug: string

  @column({ prepare: (value: Translations) => JSON.stringify(value) })
  declare title: Translations

  @column({ prepare: (value: Translations) => JSON.stringify(value) })
  declare description: Translations

  @column(money)
  declare totalBudget: number

  @column()
  declare currency: string

  @column()
  declare stage: Stage

  @column.dateTime()
  declare ideasOpensAt: DateTime | null

  @column.dateTime()
  declare reviewOpensAt: DateTime | null

  @column.dateTime()
  declare votingOpensAt: DateTime | null

  @column.dateTime()
  declare votingClosesAt: DateTime | null

  @column.dateTime()
  declare implementationOpensAt: DateTime | null

  @column.dateTime()
  declare finishesAt: DateTime | null

  @column()
  declare eligibilityMode: EligibilityMode

  @column()
  declare acceptedDistrictSource: AcceptedDistrictSource

  @column()
  declare minAge: number | null

  @column()
  declare outcomeRule: OutcomeRule

  @column()
  declare liveResultsPublic: boolean

  @column()
  declare supportThreshold: number

  @belongsTo(() => Community)
  declare community: BelongsTo<typeof Community>

  @hasMany(() => CampaignPot)
  declare pots: HasMany<typeof CampaignPot>

  @hasMany(() => CampaignCategory)
  declare categories: HasMany<typeof CampaignCategory>

  @hasMany(() => CampaignStageChange)
  declare stageChanges: HasMany<typeof CampaignStageChange>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** Stage, live-results switch and titles are part of the public results (results cache). */
  @afterSave()
  @afterDelete()
  static resultsChanged(campaign: Campaign) {
    resultsChangedBy(campaign)
  }
}
