import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'communities'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('parent_id')
        .unsigned()
        .nullable()
        .references('communities.id')
        .onDelete('RESTRICT')
      table.string('kind', 32).notNullable()
      table.string('code', 64).notNullable().unique()
      table.string('name', 200).notNullable()
      table.integer('population').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['parent_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
