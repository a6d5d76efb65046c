import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A resident accepted version `version` of the personal-data notice at `acceptedAt`. */
export default class ConsentRecord extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare residentId: number

  @column()
  declare version: string

  @column.dateTime()
  declare acceptedAt: DateTime
}
