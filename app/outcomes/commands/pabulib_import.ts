import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace pabulib:import FILE --community <code|id>`: a Pabulib file as a finished campaign. */
export default class PabulibImport extends BaseCommand {
  static commandName = 'pabulib:import'
  static description = 'Import a Pabulib (.pb) file as a finished campaign of a community'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Path of the .pb file' })
  declare file: string

  @flags.string({ description: 'Community code or id the campaign belongs to' })
  declare community?: string

  async run() {
    const { importPabulibCampaign } = await import('#outcomes/pabulib/campaign_import')
    const { default: Community } = await import('#communities/models/community')
    const fail = (message: string) => {
      this.logger.error(message)
      this.exitCode = 1
    }
    if (!this.community) return fail('missing --community <code|id>')
    const community = /^\d+$/.test(this.community)
      ? await Community.find(Number(this.community))
      : await Community.findBy('code', this.community)
    if (!community) return fail(`unknown community "${this.community}"`)
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      return fail(`cannot read ${this.file}: ${(error as Error).message}`)
    }
    const result = await importPabulibCampaign(text, {
      fileName: basename(this.file),
      communityId: community.id,
      actor: { type: 'system', id: null },
    })
    if (result.outcome === 'unknown_community') return fail('unknown community')
    if (result.outcome === 'invalid') return fail(`${this.file}: ${result.message}`)
    this.logger.success(
      `campaign ${result.campaign.id} (${result.campaign.slug}): ${result.projects} projects, ${result.ballots} ballots`
    )
  }
}
