import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Proposals: merging moves supports, moderators remove attachments.
 *
 * - `idea_supports.moved_from_idea_id`: the duplicate a support was moved from when a
 *   moderator merged it into this idea (history; NULL for supports given here).
 * - `idea_moderation_action` gains `remove_attachment` (a moderator's removal with the
 *   reason the author is told); `idea_moderations.attachment_name` keeps what was removed.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('idea_supports', (table) => {
      table
        .integer('moved_from_idea_id')
        .unsigned()
        .nullable()
        .references('ideas.id')
        .onDelete('SET NULL')
    })
    this.schema.raw(`ALTER TYPE idea_moderation_action ADD VALUE IF NOT EXISTS 'remove_attachment'`)
    this.schema.alterTable('idea_moderations', (table) => {
      table.string('attachment_name', 255).nullable()
    })
  }

  async down() {
    this.schema.alterTable('idea_moderations', (table) => {
      table.dropColumn('attachment_name')
    })
    // PostgreSQL cannot drop one value of an enum: rebuild the type without it.
    this.schema.raw(`DELETE FROM idea_moderations WHERE action = 'remove_attachment'`)
    this.schema.raw(`ALTER TYPE idea_moderation_action RENAME TO idea_moderation_action_old`)
    this.schema.raw(`CREATE TYPE idea_moderation_action AS ENUM ('hide', 'unhide', 'merge')`)
    this.schema.raw(`ALTER TABLE idea_moderations ALTER COLUMN action TYPE idea_moderation_action
      USING action::text::idea_moderation_action`)
    this.schema.raw('DROP TYPE idea_moderation_action_old')
    this.schema.alterTable('idea_supports', (table) => {
      table.dropColumn('moved_from_idea_id')
    })
  }
}
