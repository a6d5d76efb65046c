import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A campaign's BLS12-381 registrar key; the secret only encrypted with the app key. */
export default class RegistrarKey extends BaseModel {
  static table = 'campaign_registrar_keys'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare campaignId: number

  /** Compressed G1 point, 96 hex characters. */
  @column()
  declare publicKey: string

  /** `encryption.encrypt(secretHex, undefined, REGISTRAR_PURPOSE)`; never serialized. */
  @column({ serializeAs: null })
  declare secretKeyEncrypted: string

  /** Proof of possession (IETF BLS POP ciphersuite), 192 hex characters. */
  @column()
  declare pop: string

  @column.dateTime()
  declare createdAt: DateTime
}
