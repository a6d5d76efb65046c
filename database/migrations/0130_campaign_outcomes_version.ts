import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `campaign_outcomes.version`: raised by a trigger on every update (publication, override), so
 * the public results cache (`#reporting/results_cache`) sees an outcome change in the same
 * one-row read as the projection height, whichever code path or app process wrote it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('campaign_outcomes', (table) => {
      table.integer('version').notNullable().defaultTo(1)
    })
    this.schema.raw(`
      CREATE FUNCTION campaign_outcomes_bump_version() RETURNS trigger AS $$
      BEGIN
        NEW.version := OLD.version + 1;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`)
    this.schema.raw(`
      CREATE TRIGGER campaign_outcomes_version BEFORE UPDATE ON campaign_outcomes
        FOR EACH ROW EXECUTE FUNCTION campaign_outcomes_bump_version()`)
  }

  async down() {
    this.schema.raw('DROP TRIGGER campaign_outcomes_version ON campaign_outcomes')
    this.schema.raw('DROP FUNCTION campaign_outcomes_bump_version()')
    this.schema.alterTable('campaign_outcomes', (table) => {
      table.dropColumn('version')
    })
  }
}
