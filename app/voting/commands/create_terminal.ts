import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace terminals:create --name "Bank branch 3" --community riverside`: prints the token once. */
export default class CreateTerminalCommand extends BaseCommand {
  static commandName = 'terminals:create'
  static description = 'Register a kiosk / bank terminal and print its API token (shown only once)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Display name of the terminal', required: true })
  declare name: string

  @flags.string({ description: 'Community code or id the terminal serves', required: true })
  declare community: string

  @flags.string({ description: 'Ed25519 public key of the terminal (64 hex characters)' })
  declare publicKey: string | undefined

  async run() {
    const { default: Community } = await import('#communities/models/community')
    const { default: createTerminal } = await import('#voting/actions/create_terminal')
    const community = /^\d+$/.test(this.community)
      ? await Community.find(Number(this.community))
      : await Community.findBy('code', this.community)
    if (!community) {
      this.logger.error(`No community "${this.community}" (give its code or id)`)
      this.exitCode = 1
      return
    }
    const result = await createTerminal(
      { type: 'system', id: null, ip: null },
      { name: this.name, communityId: community.id, publicKey: this.publicKey }
    )
    if (result.outcome !== 'ok') {
      this.logger.error(`Invalid --${result.field === 'communityId' ? 'community' : result.field}`)
      this.exitCode = 1
      return
    }
    this.logger.success(`Terminal ${result.terminal.id} "${result.terminal.name}" registered.`)
    this.logger.info('Its token (shown only now; only its hash is stored):')
    console.log(result.token)
  }
}
