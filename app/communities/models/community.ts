import { DateTime } from 'luxon'
import { BaseModel, column, belongsTo, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'

export const COMMUNITY_KINDS = [
  'region',
  'district',
  'city',
  'town',
  'village',
  'settlement',
  'neighbourhood',
] as const
export type CommunityKind = (typeof COMMUNITY_KINDS)[number]

/** A unit of the territorial hierarchy (region → district → city/village → …) with its population. */
export default class Community extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare parentId: number | null

  @column()
  declare kind: CommunityKind

  @column()
  declare code: string

  @column()
  declare name: string

  @column()
  declare population: number

  @belongsTo(() => Community, { foreignKey: 'parentId' })
  declare parent: BelongsTo<typeof Community>

  @hasMany(() => Community, { foreignKey: 'parentId' })
  declare children: HasMany<typeof Community>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
