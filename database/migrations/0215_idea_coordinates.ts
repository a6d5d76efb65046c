import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Where an idea is (issue #17, the map): optional WGS 84 latitude and longitude, both or neither,
 * in range. Projects on the ballot read them through their idea.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('ideas', (table) => {
      table.double('latitude').nullable()
      table.double('longitude').nullable()
    })
    this.schema.raw(
      `ALTER TABLE ideas
         ADD CONSTRAINT ideas_coordinates_pair CHECK ((latitude IS NULL) = (longitude IS NULL)),
         ADD CONSTRAINT ideas_latitude_range CHECK (latitude BETWEEN -90 AND 90),
         ADD CONSTRAINT ideas_longitude_range CHECK (longitude BETWEEN -180 AND 180)`
    )
  }

  async down() {
    this.schema.alterTable('ideas', (table) => {
      table.dropColumn('latitude')
      table.dropColumn('longitude')
    })
  }
}
