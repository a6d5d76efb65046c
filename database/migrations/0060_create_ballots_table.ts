import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Ballot intake (app/voting/README.md "Ballot intake"): one row per ballot that passed the app's
 * own checks and was handed to the ledger. No personal data and no IP: the voter key is a
 * one-campaign pseudonym that is public on the ledger anyway; `tx` (the ballot tx bytes, public
 * once committed) is kept so a pending ballot can be resubmitted after a restart.
 *
 * The partial unique index on (campaign_id, voter_key) over live rows (pending | committed) is the
 * database's guarantee of one ballot per voter key, whatever the in-memory actors believe (several
 * app nodes, a restart in the middle of a batch). A rejected ballot frees its key, as on the ledger.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('ballots', (table) => {
      table.string('ballot_hash', 64).primary()
      table.integer('campaign_id').notNullable().references('campaigns.id').onDelete('CASCADE')
      table.string('voter_key', 64).notNullable()
      table.string('tx_hash', 64).notNullable().unique()
      table.binary('tx').notNullable()
      table.enum('channel', ['online', 'terminal']).notNullable()
      table.integer('terminal_id').nullable().references('terminals.id').onDelete('SET NULL')
      table.enum('status', ['pending', 'committed', 'rejected']).notNullable()
      table.string('reason', 500).nullable()
      table.bigInteger('height').nullable()
      table.jsonb('receipt').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['campaign_id', 'status'])
    })
    this.schema.raw(
      `CREATE UNIQUE INDEX ballots_one_live_per_voter ON ballots (campaign_id, voter_key)
         WHERE status IN ('pending', 'committed')`
    )
  }

  async down() {
    this.schema.dropTable('ballots')
  }
}
