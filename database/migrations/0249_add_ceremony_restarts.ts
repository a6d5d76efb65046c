import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * How many times a campaign's key ceremony was started again (`ceremony-restart` records queued;
 * the replicas accept at most CEREMONY_RESTARTS_MAX). app/trustees/README.md "Flow".
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('campaign_ceremonies', (table) => {
      table.smallint('restarts').notNullable().defaultTo(0)
    })
  }

  async down() {
    this.schema.alterTable('campaign_ceremonies', (table) => {
      table.dropColumn('restarts')
    })
  }
}
