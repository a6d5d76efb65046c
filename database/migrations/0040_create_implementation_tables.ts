import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Implementation tracking (CONSUL milestones, Decidim accountability).
 *
 * - `projects.funded` / `funded_at`: set by an admin once the campaign is in results (the
 *   outcomes module will later set it from the winner rule). CHECK: funded ⇔ funded_at set.
 * - `project_implementation`: one row per project ever funded — status and progress percent
 *   (0..100, a CHECK).
 * - `project_milestones`: dated steps with a description; `milestone_photos` are images stored
 *   through the shared upload helper with their SHA-256 (same limits as ideas' attachments).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('projects', (table) => {
      table.boolean('funded').notNullable().defaultTo(false)
      table.timestamp('funded_at', { useTz: true }).nullable()
    })
    this.schema.raw(`ALTER TABLE projects
      ADD CONSTRAINT projects_funded_at CHECK (funded = (funded_at IS NOT NULL))`)
    this.schema.raw('CREATE INDEX projects_funded_idx ON projects (campaign_id) WHERE funded')

    this.schema.createTable('project_implementation', (table) => {
      table.integer('project_id').unsigned().primary().references('projects.id').onDelete('CASCADE')
      table
        .enu('status', ['planned', 'in_progress', 'done', 'cancelled'], {
          useNative: true,
          enumName: 'implementation_status',
        })
        .notNullable()
        .defaultTo('planned')
      table.smallint('progress_percent').notNullable().defaultTo(0)
      table
        .integer('updated_by')
        .unsigned()
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`ALTER TABLE project_implementation
      ADD CONSTRAINT project_implementation_percent CHECK (progress_percent BETWEEN 0 AND 100)`)

    this.schema.createTable('project_milestones', (table) => {
      table.increments('id')
      table
        .integer('project_id')
        .unsigned()
        .notNullable()
        .references('projects.id')
        .onDelete('CASCADE')
      table.date('date').notNullable()
      table.text('description').notNullable()
      table
        .integer('created_by')
        .unsigned()
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['project_id', 'date'])
    })
    this.schema.raw(`ALTER TABLE project_milestones
      ADD CONSTRAINT project_milestones_description CHECK (length(trim(description)) BETWEEN 1 AND 5000)`)

    this.schema.createTable('milestone_photos', (table) => {
      table.increments('id')
      table
        .integer('milestone_id')
        .unsigned()
        .notNullable()
        .references('project_milestones.id')
        .onDelete('CASCADE')
      table.string('drive_key', 255).notNullable().unique()
      table.string('original_name', 255).notNullable()
      table.string('mime', 100).notNullable()
      table.integer('size').notNullable()
      table.specificType('sha256', 'char(64)').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['milestone_id'])
    })
    this.schema.raw(`ALTER TABLE milestone_photos
      ADD CONSTRAINT milestone_photos_size CHECK (size > 0 AND size <= 10485760),
      ADD CONSTRAINT milestone_photos_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      ADD CONSTRAINT milestone_photos_mime CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp'))`)
  }

  async down() {
    this.schema.dropTable('milestone_photos')
    this.schema.dropTable('project_milestones')
    this.schema.dropTable('project_implementation')
    this.schema.raw('DROP TYPE IF EXISTS implementation_status')
    this.schema.raw('DROP INDEX IF EXISTS projects_funded_idx')
    this.schema.raw('ALTER TABLE projects DROP CONSTRAINT IF EXISTS projects_funded_at')
    this.schema.alterTable('projects', (table) => {
      table.dropColumn('funded_at')
      table.dropColumn('funded')
    })
  }
}
