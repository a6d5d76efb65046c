import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { StaffRole as Role } from '#identity/roles'

/** One role granted to a staff member, optionally limited to a community subtree. */
export default class StaffRole extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare staffUserId: number

  @column()
  declare role: Role

  @column()
  declare communityId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
