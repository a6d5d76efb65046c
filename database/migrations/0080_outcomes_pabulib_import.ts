import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Outcomes module, part 1: campaigns imported from Pabulib files and the add-one rule.
 *
 * - `projects.idea_id` becomes nullable: an imported project never was an idea on this platform
 *   (CHECK: a project without an idea has an `external_id`).
 * - `projects.external_id`: the project's id in the source file (Pabulib `project_id`, kept
 *   verbatim for the export), unique within a campaign.
 * - `campaign_outcome_rule` gains `equal_shares_add1` (outcomes.md, MES with add-one completion).
 * - `pabulib_imports`: one row per imported campaign — file name, META in file order (array of
 *   [key, value] pairs, written back on export), vote type, who imported it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TYPE campaign_outcome_rule ADD VALUE IF NOT EXISTS 'equal_shares_add1'`)
    this.schema.alterTable('projects', (table) => {
      table.string('external_id', 100).nullable()
      table.unique(['campaign_id', 'external_id'])
    })
    this.schema.raw('ALTER TABLE projects ALTER COLUMN idea_id DROP NOT NULL')
    this.schema.raw(`ALTER TABLE projects
      ADD CONSTRAINT projects_idea_or_external CHECK (idea_id IS NOT NULL OR external_id IS NOT NULL)`)

    this.schema.createTable('pabulib_imports', (table) => {
      table
        .integer('campaign_id')
        .unsigned()
        .primary()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table.string('file_name', 255).notNullable()
      table.jsonb('meta').notNullable()
      table.string('vote_type', 16).notNullable()
      table
        .integer('imported_by')
        .unsigned()
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('pabulib_imports')
    this.schema.raw('ALTER TABLE projects DROP CONSTRAINT projects_idea_or_external')
    this.schema.raw('DELETE FROM projects WHERE idea_id IS NULL')
    this.schema.raw('ALTER TABLE projects ALTER COLUMN idea_id SET NOT NULL')
    this.schema.alterTable('projects', (table) => {
      table.dropUnique(['campaign_id', 'external_id'])
      table.dropColumn('external_id')
    })
    // PostgreSQL cannot drop an enum value; `equal_shares_add1` stays (unused after rollback).
    this.schema.raw(
      `UPDATE campaigns SET outcome_rule = 'equal_shares' WHERE outcome_rule = 'equal_shares_add1'`
    )
  }
}
