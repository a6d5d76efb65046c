import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Paper ballots (app/voting/README.md "Paper ballots"): a third issuance channel, `paper` — the
 * register mark of a person who voted on paper, so the same person cannot also take a credential
 * online or at a terminal. Its own migration without a transaction: a new enum value cannot be used
 * in the transaction that adds it (0071 uses it).
 */
export default class extends BaseSchema {
  static disableTransactions = true

  async up() {
    this.schema.raw(`ALTER TYPE credential_channel ADD VALUE IF NOT EXISTS 'paper'`)
  }

  async down() {
    // PostgreSQL cannot drop an enum value; 0071's down removes every row that uses it.
  }
}
