import env from '#start/env'
import { defineConfig } from '@adonisjs/lucid'
import { databaseUrl } from '#shared/database_url'

const dbConfig = defineConfig({
  connection: 'postgres',
  prettyPrintDebugQueries: false,
  connections: {
    postgres: {
      client: 'pg',
      connection: { connectionString: databaseUrl() },
      pool: { min: 0, max: env.get('DATABASE_POOL_MAX', 10) },
      migrations: {
        naturalSort: true,
        paths: ['database/migrations'],
      },
      seeders: {
        paths: ['database/seeders'],
      },
    },
  },
})

export default dbConfig
