import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Cost bands of pots (issue #15, sX-Space's "large / small projects" grading): a pot may set the
 * least and the most a project on it may cost (smallest currency unit, NULL = no bound). The
 * ballot decisions (approve, ballot-list edits) refuse a cost outside the band.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('campaign_pots', (table) => {
      table.bigInteger('min_project_cost').nullable()
      table.bigInteger('max_project_cost').nullable()
    })
    this.schema.raw(
      `ALTER TABLE campaign_pots
         ADD CONSTRAINT campaign_pots_min_project_cost_positive
           CHECK (min_project_cost IS NULL OR min_project_cost > 0),
         ADD CONSTRAINT campaign_pots_cost_band_ordered
           CHECK (max_project_cost IS NULL OR max_project_cost >= coalesce(min_project_cost, 1))`
    )
  }

  async down() {
    this.schema.alterTable('campaign_pots', (table) => {
      table.dropColumn('min_project_cost')
      table.dropColumn('max_project_cost')
    })
  }
}
