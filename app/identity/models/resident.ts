import { DateTime } from 'luxon'
import { BaseModel, beforeFind, column } from '@adonisjs/lucid/orm'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import { UnrecordedAccessTokensProvider } from '#identity/unrecorded_access_tokens'

/** How a resident's district is known: chosen on the profile page, or vouched for by a register. */
export type DistrictSource = 'declared' | 'verified'

/**
 * A resident, identified by an E.164 phone number confirmed by SMS and/or an OpenID Connect
 * provider account (`resident_oidc_links`). A deleted account stays as a
 * tombstone row (see `services/delete_resident.ts`) that `find` never returns, so no session or
 * token can sign in as it.
 */
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

  // The default naming strategy would map this to "phone_e_164". Null: signed in through the
  // OpenID Connect provider without a verified phone, and none linked yet.
  @column({ columnName: 'phone_e164' })
  declare phoneE164: string | null

  @column()
  declare locale: string | null

  /** Shown next to the resident's ideas and comments instead of "Resident"; never the phone. */
  @column()
  declare displayName: string | null

  @column()
  declare districtId: number | null

  @column()
  declare districtSource: DistrictSource | null

  @column()
  declare consentVersion: string | null

  /** Texts (and e-mails) when a campaign of the resident's community opens voting or publishes results. */
  @column()
  declare noticesOptIn: boolean

  @column()
  declare noticesEmail: string | null

  @column.dateTime()
  declare consentAt: DateTime | null

  @column.dateTime()
  declare lastSignInAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @column.dateTime()
  declare deletedAt: DateTime | null

  @beforeFind()
  static skipDeleted(query: ModelQueryBuilderContract<typeof Resident>) {
    query.whereNull('residents.deleted_at')
  }
}
