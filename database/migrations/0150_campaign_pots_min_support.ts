import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `campaign_pots.min_support`: the score (approval: votes) a project needs before greedy may
 * fund it. Default 1: a project nobody voted for is never funded. 0 turns the minimum off.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('campaign_pots', (table) => {
      table.integer('min_support').notNullable().defaultTo(1)
    })
  }

  async down() {
    this.schema.alterTable('campaign_pots', (table) => {
      table.dropColumn('min_support')
    })
  }
}
