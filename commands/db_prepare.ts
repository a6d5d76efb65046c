import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { ensureDatabase } from '#shared/ensure_database'
import { databaseUrl } from '#shared/database_url'

/**
 * What `npm start` runs before the server: create the database if it is
 * missing, apply migrations, and (in development) seed the demo city.
 */
export default class DbPrepare extends BaseCommand {
  static commandName = 'db:prepare'
  static description =
    'Create the database if missing, migrate it, and seed demo data in development'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Seed the demo city (default: in development only)' })
  declare demo: boolean | undefined

  async run() {
    if (process.env.CIVIC_BUDGET_PGLITE !== '1') {
      const outcome = await ensureDatabase(databaseUrl())
      if (outcome === 'created')
        this.logger.success(`created database ${new URL(databaseUrl()).pathname.slice(1)}`)
    }
    await this.runOrFail('migration:run', ['--force'])
    const seedDemo = this.demo ?? this.app.inDev
    if (seedDemo) {
      await this.runOrFail('db:seed', ['--files', './database/seeders/demo_seeder.ts'])
    }
  }

  private async runOrFail(command: string, args: string[]) {
    const result = await this.kernel.exec(command, args)
    if (result.exitCode !== 0) {
      this.exitCode = result.exitCode ?? 1
      throw new Error(`${command} failed`)
    }
  }
}
