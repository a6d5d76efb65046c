import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { DateTime } from 'luxon'

/** `node ace campaigns:advance-stages`: move campaigns whose next stage date has come (cron-friendly). */
export default class AdvanceStages extends BaseCommand {
  static commandName = 'campaigns:advance-stages'
  static description = 'Move published campaigns to the stage their schedule says they are in'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Pretend the time is this ISO 8601 instant (for rehearsals)' })
  declare at: string | undefined

  async run() {
    const { advanceDueCampaigns } = await import('#campaigns/services/stage_scheduler')
    const now = this.at ? DateTime.fromISO(this.at, { zone: 'utc' }) : DateTime.now()
    if (!now.isValid) {
      this.logger.error(`--at is not a valid ISO 8601 instant: ${this.at}`)
      this.exitCode = 1
      return
    }
    const moves = await advanceDueCampaigns(now)
    for (const move of moves) {
      this.logger.info(`campaign ${move.campaignId}: ${move.from} → ${move.to}`)
    }
    this.logger.success(`${moves.length} stage change(s)`)
  }
}
