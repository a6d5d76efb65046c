import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export const CENSUS_KINDS = ['phone', 'id_hash'] as const
export type CensusKind = (typeof CENSUS_KINDS)[number]

/** One person on a campaign's census register, as an HMAC of their phone or ID hash. */
export default class CensusEntry extends BaseModel {
  static table = 'campaign_census_entries'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare campaignId: number

  @column()
  declare districtId: number | null

  @column()
  declare kind: CensusKind

  @column()
  declare valueHash: string

  @column.dateTime()
  declare importedAt: DateTime
}
