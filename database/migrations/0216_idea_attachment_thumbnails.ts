import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Thumbnails of idea photos (issue #17): the drive key of a small WebP made on upload; NULL for
 * documents and for photos stored before thumbnails existed (their pages link the file).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('idea_attachments', (table) => {
      table.string('thumb_drive_key', 255).nullable().unique()
    })
  }

  async down() {
    this.schema.alterTable('idea_attachments', (table) => {
      table.dropColumn('thumb_drive_key')
    })
  }
}
