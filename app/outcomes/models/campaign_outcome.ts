import type { DateTime } from 'luxon'
import { BaseModel, column, afterSave, afterDelete } from '@adonisjs/lucid/orm'
import { resultsChangedBy } from '#shared/results_changes'
import type { OutcomeRule } from '#campaigns/models/campaign'
import type { PotOutcome } from '#outcomes/platform/pot_outcome'

/** The published outcome of a campaign (migration 0081; README "Outcome in the platform"). */
export default class CampaignOutcome extends BaseModel {
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare campaignId: number

  @column()
  declare rule: OutcomeRule

  @column({ prepare: (value: PotOutcome[]) => JSON.stringify(value) })
  declare pots: PotOutcome[]

  @column()
  declare tallyHash: string

  @column()
  declare overrideReason: string | null

  @column()
  declare overriddenBy: number | null

  @column()
  declare ledgerTxHash: string | null

  @column.dateTime()
  declare computedAt: DateTime

  @column.dateTime()
  declare publishedAt: DateTime | null

  /** Publication and overrides show in the public results at once (results cache). */
  @afterSave()
  @afterDelete()
  static resultsChanged(outcome: CampaignOutcome) {
    resultsChangedBy(outcome)
  }
}
