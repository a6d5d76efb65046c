import { writeFile } from 'node:fs/promises'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace pabulib:export --campaign ID [--pot ID] [--out FILE]`: a campaign's ballots as .pb. */
export default class PabulibExport extends BaseCommand {
  static commandName = 'pabulib:export'
  static description = "Write a campaign's ballots as a Pabulib (.pb) file (stdout or --out)"
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Campaign id' })
  declare campaign?: number

  @flags.number({ description: 'Pot id (needed when the campaign has several pots)' })
  declare pot?: number

  @flags.string({ description: 'Write to this file instead of stdout' })
  declare out?: string

  async run() {
    const { exportCampaignPabulib } = await import('#outcomes/pabulib/campaign_export')
    const { default: Campaign } = await import('#campaigns/models/campaign')
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const fail = (message: string) => {
      this.logger.error(message)
      this.exitCode = 1
    }
    const campaign = this.campaign ? await Campaign.find(this.campaign) : null
    if (!campaign) return fail('missing or unknown --campaign <id>')
    const result = await exportCampaignPabulib(campaign, db.connection(), { potId: this.pot })
    if (result.outcome === 'hidden')
      return fail('live counts of this campaign are hidden during voting')
    if (result.outcome === 'unknown_pot')
      return fail(`pot ${this.pot} is not a pot of this campaign`)
    if (result.outcome === 'pot_required') {
      return fail(`the campaign has several pots: pass --pot (${result.pots.join(', ')})`)
    }
    if (this.out) {
      await writeFile(this.out, result.text)
      this.logger.success(`wrote ${this.out}`)
    } else process.stdout.write(result.text)
  }
}
