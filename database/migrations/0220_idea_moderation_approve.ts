import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Moderation queue: `idea_moderation_action` gains `approve` — a moderator looked at a published
 * idea and keeps it (singly or in bulk, with an optional note). A published idea with no
 * moderation row at all is "to moderate" (the queue's default filter, the dashboard's count).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TYPE idea_moderation_action ADD VALUE IF NOT EXISTS 'approve'`)
  }

  async down() {
    // PostgreSQL cannot drop one value of an enum: rebuild the type without it.
    this.schema.raw(`DELETE FROM idea_moderations WHERE action = 'approve'`)
    this.schema.raw(`ALTER TYPE idea_moderation_action RENAME TO idea_moderation_action_old`)
    this.schema.raw(
      `CREATE TYPE idea_moderation_action AS ENUM ('hide', 'unhide', 'merge', 'remove_attachment')`
    )
    this.schema.raw(`ALTER TABLE idea_moderations ALTER COLUMN action TYPE idea_moderation_action
      USING action::text::idea_moderation_action`)
    this.schema.raw('DROP TYPE idea_moderation_action_old')
  }
}
