import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Notices to residents (issue #15 item 5): a resident opts in (at the consent step of the first
 * sign-in or on the profile page) to a text message — and an e-mail when they give an address —
 * when a campaign of their community opens voting and when its results are published.
 * Both columns are the resident's own data: cleared when the account is deleted.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('residents', (table) => {
      table.boolean('notices_opt_in').notNullable().defaultTo(false)
      table.string('notices_email', 254).nullable()
    })
  }

  async down() {
    this.schema.alterTable('residents', (table) => {
      table.dropColumn('notices_opt_in')
      table.dropColumn('notices_email')
    })
  }
}
