import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Residents discuss and follow ideas (issue #17, item 4):
 * - `residents.display_name`: an optional name shown next to a resident's ideas and comments
 *   (pages show "Resident" when absent; never the phone).
 * - `idea_discussion_comments`: residents' comments with one level of replies (`parent_id` is a
 *   top-level comment of the same idea). Hidden by a moderator with a reason (`hidden_reason`).
 *   Only the **day** is stored (`created_on`, `hidden_on`): a page shows the day, and an exact
 *   time next to a resident id is not needed (migration 0170's rule for residents' activity).
 *   Not to be confused with `idea_comments`, the experts' review comments.
 * - `idea_comment_reports`: one report per resident and comment, with a reason; staff close it
 *   (`resolution` hidden | dismissed). Day only, as above.
 * - `idea_follows`: who follows which idea (notices on status changes); no time at all.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('residents', (table) => {
      table.string('display_name', 40).nullable()
    })
    this.schema.raw(
      `ALTER TABLE residents ADD CONSTRAINT residents_display_name_length
         CHECK (display_name IS NULL OR char_length(btrim(display_name)) BETWEEN 1 AND 40)`
    )

    this.schema.createTable('idea_discussion_comments', (table) => {
      table.increments('id')
      table.integer('idea_id').unsigned().notNullable().references('ideas.id').onDelete('CASCADE')
      table
        .integer('parent_id')
        .unsigned()
        .nullable()
        .references('idea_discussion_comments.id')
        .onDelete('CASCADE')
      table
        .integer('author_id')
        .unsigned()
        .notNullable()
        .references('residents.id')
        .onDelete('CASCADE')
      table.text('body').notNullable()
      table.date('created_on').notNullable().defaultTo(this.raw('CURRENT_DATE'))
      table.string('hidden_reason', 500).nullable()
      table
        .integer('hidden_by')
        .unsigned()
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.date('hidden_on').nullable()
      table.index(['idea_id', 'id'])
      table.index(['author_id'])
    })
    this.schema.raw(
      `ALTER TABLE idea_discussion_comments
         ADD CONSTRAINT idea_discussion_comments_body_length
           CHECK (char_length(body) BETWEEN 1 AND 2000),
         ADD CONSTRAINT idea_discussion_comments_hidden_day
           CHECK ((hidden_reason IS NULL) = (hidden_on IS NULL))`
    )

    this.schema.createTable('idea_comment_reports', (table) => {
      table.increments('id')
      table
        .integer('comment_id')
        .unsigned()
        .notNullable()
        .references('idea_discussion_comments.id')
        .onDelete('CASCADE')
      table
        .integer('resident_id')
        .unsigned()
        .notNullable()
        .references('residents.id')
        .onDelete('CASCADE')
      table.string('reason', 500).notNullable()
      table.date('created_on').notNullable().defaultTo(this.raw('CURRENT_DATE'))
      table.enu('resolution', ['hidden', 'dismissed'], {
        useNative: true,
        enumName: 'idea_comment_report_resolution',
      })
      table
        .integer('resolved_by')
        .unsigned()
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.unique(['comment_id', 'resident_id'])
    })
    this.schema.raw(
      `CREATE INDEX idea_comment_reports_open ON idea_comment_reports (comment_id)
         WHERE resolution IS NULL`
    )

    this.schema.createTable('idea_follows', (table) => {
      table.integer('idea_id').unsigned().notNullable().references('ideas.id').onDelete('CASCADE')
      table
        .integer('resident_id')
        .unsigned()
        .notNullable()
        .references('residents.id')
        .onDelete('CASCADE')
      table.primary(['idea_id', 'resident_id'])
      table.index(['resident_id'])
    })
  }

  async down() {
    this.schema.dropTable('idea_follows')
    this.schema.dropTable('idea_comment_reports')
    this.schema.raw('DROP TYPE IF EXISTS idea_comment_report_resolution')
    this.schema.dropTable('idea_discussion_comments')
    this.schema.raw('ALTER TABLE residents DROP CONSTRAINT residents_display_name_length')
    this.schema.alterTable('residents', (table) => {
      table.dropColumn('display_name')
    })
  }
}
