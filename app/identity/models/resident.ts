import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { UnrecordedAccessTokensProvider } from '#identity/unrecorded_access_tokens'

/** A resident, identified by an E.164 phone number confirmed by SMS. */
export default class Resident extends BaseModel {
  static accessTokens = new UnrecordedAccessTokensProvider({
    tokenableModel: Resident,
    expiresIn: '12 hours',
    prefix: 'cbr_',
    table: 'resident_access_tokens',
    type: 'resident_api',
  })

  @column({ isPrimary: true })
  declare id: number

  // The default naming strategy would map this to "phone_e_164".
  @column({ columnName: 'phone_e164' })
  declare phoneE164: string

  @column()
  declare locale: string | null

  @column()
  declare districtId: number | null

  @column()
  declare consentVersion: string | null

  @column.dateTime()
  declare consentAt: DateTime | null

  @column.dateTime()
  declare lastSignInAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
