import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace ledger:project [--once]`: projects committed blocks into the read models. */
export default class LedgerProject extends BaseCommand {
  static commandName = 'ledger:project'
  static description =
    'Verify committed blocks from the replicas and project their ballots into the read models'
  // Without --once, run() never returns: the process keeps projecting until it is stopped.
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'One pass until caught up, then exit (cron)' })
  declare once: boolean

  @flags.number({ description: 'Milliseconds between passes when running continuously' })
  declare interval: number | undefined

  async run() {
    const { projectBlocks } = await import('#ledger/projection/projector')
    const { ledgerClient, ledgerSettings } = await import('#ledger/ledger')
    if (!ledgerClient().configured) {
      this.logger.error('LEDGER_REPLICAS is not set: nothing to project')
      this.exitCode = 1
      return
    }
    const settings = ledgerSettings().projection
    const pass = async () => {
      const result = await projectBlocks({ batchSize: settings.batchSize })
      for (const refusal of result.refused.filter((r) => r.reason !== 'unavailable')) {
        this.logger.warning(
          `refused block ${refusal.height} from ${refusal.replica}: ${refusal.reason} (${refusal.message})`
        )
      }
      if (result.blocks > 0 || this.once) {
        this.logger.info(
          `height ${result.fromHeight} → ${result.height}: ${result.blocks} blocks, ` +
            `${result.ballots} ballots counted, ${result.skippedUnknownCampaign} of unknown campaigns`
        )
      }
    }
    if (this.once) return pass()
    for (;;) {
      try {
        await pass()
      } catch (error) {
        this.logger.error(`projection failed: ${(error as Error).message}`)
      }
      await new Promise((resolve) => setTimeout(resolve, this.interval ?? settings.intervalMs))
    }
  }
}
