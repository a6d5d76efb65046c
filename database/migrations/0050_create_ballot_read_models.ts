import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Read models of ballots (architecture.md "ledger: projection of committed blocks into PostgreSQL
 * tables"). Written by the ledger projection (ballots and paper batches committed on the ledger)
 * and by the Pabulib import (finished campaigns that never had a ledger). Everything here can be
 * rebuilt from the ledger: the projection is idempotent by height.
 *
 * - `ledger_projection_state`: how far the projection has applied the committed chain (one row).
 * - `ballot_records`: one row per counted ballot. `ref` is unique: the ballot hash for online and
 *   terminal ballots, `paper:<txHash>:<sheetNo>` for a paper sheet, `import:<voterId>` for Pabulib.
 *   `choices` = [[projectId, weight], …] as on the ballot. No personal data.
 * - `tally_*`: running counts per campaign and channel, updated in the same transaction as the
 *   ballot rows, so results never need a scan of `ballot_records`.
 */
const CHANNELS = ['online', 'terminal', 'paper', 'import']

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('ledger_projection_state', (table) => {
      table.smallint('id').primary()
      table.bigInteger('height').notNullable()
      table.string('block_hash', 64).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })

    this.schema.createTable('ballot_records', (table) => {
      table.bigIncrements('id')
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table.string('ref', 200).notNullable().unique()
      table.enum('channel', CHANNELS).notNullable()
      table.jsonb('choices').notNullable()
      table.bigInteger('height').nullable()
      table.string('tx_hash', 64).nullable()
      table.timestamp('block_time', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['campaign_id', 'id'])
    })

    this.schema.createTable('tally_projects', (table) => {
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table.integer('project_id').notNullable()
      table.enum('channel', CHANNELS).notNullable()
      table.integer('votes').notNullable().defaultTo(0)
      table.bigInteger('points').notNullable().defaultTo(0)
      table.primary(['campaign_id', 'project_id', 'channel'])
    })

    this.schema.createTable('tally_pots', (table) => {
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table.integer('pot_id').notNullable()
      table.enum('channel', CHANNELS).notNullable()
      table.integer('ballots').notNullable().defaultTo(0)
      table.primary(['campaign_id', 'pot_id', 'channel'])
    })

    this.schema.createTable('tally_hours', (table) => {
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table.timestamp('hour', { useTz: true }).notNullable()
      table.enum('channel', CHANNELS).notNullable()
      table.integer('ballots').notNullable().defaultTo(0)
      table.primary(['campaign_id', 'hour', 'channel'])
    })
  }

  async down() {
    for (const t of ['tally_hours', 'tally_pots', 'tally_projects', 'ballot_records']) {
      this.schema.dropTable(t)
    }
    this.schema.dropTable('ledger_projection_state')
  }
}
