import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace ledger:flush`: one pass of the ledger outbox worker (cron-friendly). */
export default class LedgerFlush extends BaseCommand {
  static commandName = 'ledger:flush'
  static description = 'Submit queued ledger records to the replicas once and record their verdicts'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Rows to process (default: config ledger.outbox.batchSize)' })
  declare batch: number | undefined

  @flags.number({ description: 'Milliseconds to wait for each tx to commit (default 10000)' })
  declare wait: number | undefined

  async run() {
    const { flushOutbox, outboxBacklog } = await import('#ledger/outbox/outbox')
    const summary = await flushOutbox({ batchSize: this.batch, commitWaitMs: this.wait ?? 10_000 })
    const backlog = await outboxBacklog()
    this.logger.info(
      `claimed ${summary.claimed}: committed ${summary.committed}, rejected ${summary.rejected}, ` +
        `waiting ${summary.submitted}, retrying ${summary.retrying}`
    )
    this.logger.info(`outbox: ${backlog.queued} queued, ${backlog.submitted} submitted`)
    if (backlog.oldestWaiting?.lastError) {
      this.logger.warning(
        `oldest waiting ${backlog.oldestWaiting.txHash}: ${backlog.oldestWaiting.lastError}`
      )
    }
  }
}
