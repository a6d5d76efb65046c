import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace voting:publish-counts`: queue `credentials-issued` records for campaigns in voting. */
export default class VotingPublishCounts extends BaseCommand {
  static commandName = 'voting:publish-counts'
  static description =
    'Queue credentials-issued records (total and per community) for campaigns whose counts changed'
  static options: CommandOptions = { startApp: true }

  @flags.number({
    description: 'Only this campaign (any stage); default: every campaign in voting',
  })
  declare campaign: number | undefined

  async run() {
    const { publishIssuedCounts, publishVotingCounts } = await import('#voting/issued_counts')
    const outcomes =
      this.campaign === undefined
        ? await publishVotingCounts()
        : { [this.campaign]: await publishIssuedCounts(this.campaign) }
    for (const [id, outcome] of Object.entries(outcomes)) {
      this.logger.info(`campaign ${id}: ${outcome}`)
    }
    if (Object.keys(outcomes).length === 0) this.logger.info('no campaign in voting')
  }
}
