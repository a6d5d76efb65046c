import { args, BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { rowId } from '#shared/row_id'

/*
 * `node ace trustees:decrypt <campaignId>`: combines the trustees' decryption shares of an encrypted
 * campaign (app/trustees/README.md "Decryption"), writes the decrypted and spoiled ballots and
 * publishes the outcome. Exit 0 when combined (a second run changes nothing), 1 when shares are
 * still missing or a step failed (named), 2 on bad input.
 */
export default class TrusteesDecrypt extends BaseCommand {
  static commandName = 'trustees:decrypt'
  static description =
    "Decrypt an encrypted campaign's ballots with the trustees' shares, then publish its outcome"
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Campaign id' })
  declare campaignId: string

  async run() {
    const campaignId = rowId(this.campaignId)
    if (campaignId === null) {
      this.logger.error(`not a campaign id: ${this.campaignId}`)
      this.exitCode = 2
      return
    }
    const { combineCampaign } = await import('#trustees/decryption/combine')
    const result = await combineCampaign(campaignId)
    if (result.status === 'failed') {
      this.logger.error(`decryption FAILED: ${result.error}`)
      this.exitCode = 1
    } else if (result.status === 'incomplete') {
      this.logger.error(
        `not yet: ${result.missing} of ${result.ballots} ballots lack t valid decryption shares`
      )
      this.exitCode = 1
    } else {
      this.logger.success(
        `${result.ballots} ballots: ${result.counted} counted, ${result.spoiled} spoiled ` +
          `(${result.added} rows added); outcome ${result.outcome.replace('_', ' ')}`
      )
      this.exitCode = 0
    }
  }
}
