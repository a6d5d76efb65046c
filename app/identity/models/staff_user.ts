import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import StaffRole from '#identity/models/staff_role'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

/** A member of the city's staff: signs in with email + password (scrypt). */
export default class StaffUser extends compose(BaseModel, AuthFinder) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare email: string

  @column()
  declare fullName: string

  @column({ serializeAs: null })
  declare password: string | null

  @column()
  declare locale: string | null

  @column()
  declare active: boolean

  @column({ serializeAs: null })
  declare inviteTokenHash: string | null

  @column.dateTime()
  declare inviteExpiresAt: DateTime | null

  @column.dateTime()
  declare lastSignInAt: DateTime | null

  /** The TOTP secret, encrypted with APP_KEY (see #identity/staff/two_factor). */
  @column({ serializeAs: null })
  declare totpSecret: string | null

  @column.dateTime()
  declare totpEnabledAt: DateTime | null

  /** Time step of the last accepted code (a code is accepted once). */
  @column({ serializeAs: null, consume: (value) => (value === null ? null : Number(value)) })
  declare totpLastStep: number | null

  @hasMany(() => StaffRole)
  declare roles: HasMany<typeof StaffRole>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
