import { readFile } from 'node:fs/promises'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/*
 * `node ace ledger:audit --campaign ID [--replica URL] [--genesis FILE] [--ledger-only --rule R]`:
 * replays the verified ledger with the replicas' own pb application and compares with what the
 * platform published (app/outcomes/README.md "Audit replay"). Exit 0 when everything matches, 1 on
 * any difference, 2 on bad input.
 */
export default class LedgerAudit extends BaseCommand {
  static commandName = 'ledger:audit'
  static description =
    "Replay the ledger with the replicas' pb app: verify blocks, recount a campaign, recompute its outcome, compare"
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Campaign id' })
  declare campaign?: number

  @flags.string({ description: 'Replica base URL (default: the first of LEDGER_REPLICAS)' })
  declare replica?: string

  @flags.string({ description: "The city's genesis.json (default: LEDGER_GENESIS)" })
  declare genesis?: string

  @flags.boolean({ description: 'Compare with the ledger outcome record only (no database)' })
  declare ledgerOnly?: boolean

  @flags.string({
    description: 'With --ledger-only: the campaign rule (greedy, equal_shares, equal_shares_add1)',
  })
  declare rule?: string

  async run() {
    const { auditCampaign } = await import('#outcomes/audit/audit')
    const { ledgerSettings } = await import('#ledger/ledger')
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const settings = ledgerSettings()
    const replica = this.replica ?? settings.replicas[0]
    const genesisPath = this.genesis ?? settings.genesisPath
    if (!this.campaign || !replica || !genesisPath) {
      this.logger.error(
        'need --campaign, a replica (--replica or LEDGER_REPLICAS) and --genesis (or LEDGER_GENESIS)'
      )
      this.exitCode = 2
      return
    }
    const genesis = JSON.parse(await readFile(genesisPath, 'utf8'))
    const report = await auditCampaign({
      campaignId: this.campaign,
      replicaUrl: replica,
      genesis,
      db: this.ledgerOnly ? null : db.connection(),
      rule: this.rule as never,
    })
    for (const line of report.lines) this.logger.info(line)
    for (const difference of report.differences) this.logger.error(`DIFFERENCE ${difference}`)
    if (report.ok) this.logger.success('audit passed: the ledger and the published results agree')
    else this.logger.error(`audit FAILED: ${report.differences.length} difference(s)`)
    this.exitCode = report.ok ? 0 : 1
  }
}
