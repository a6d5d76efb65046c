import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace voting:mint-ballots --campaign ID --count N --out FILE` (development and test only):
 * N voters' ballots for a campaign in voting, ready to submit — each with a fresh Ed25519 voter key,
 * a real credential under the campaign's registrar key and random choices that satisfy the ballot
 * rules. One JSON line per ballot: `{ballot, signature}` (base64, the body of protocol.md's ballot
 * call) plus `ballotHash`; with `--rivals` also `rival`, a different ballot of the same voter key.
 *
 * For the voting benchmark and fault tests: they measure ballot intake, not credential issuance
 * (which is tested through its own endpoints). The credential is signed directly (blst, unblinded):
 * the same signature the blind protocol yields, minted thousands of times faster than by round trips.
 * Refuses to run in production: it would mint votes.
 */
export default class MintBallotsCommand extends BaseCommand {
  static commandName = 'voting:mint-ballots'
  static description =
    'Development/test only: mint signed ballots with real credentials (benchmarks)'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Campaign id (in its voting stage)', required: true })
  declare campaign: number

  @flags.number({ description: 'How many ballots', required: true })
  declare count: number

  @flags.string({ description: 'Output file (JSON lines)', required: true })
  declare out: string

  @flags.boolean({ description: 'Also a second, different ballot of each voter key (`rival`)' })
  declare rivals: boolean

  async run() {
    const { default: app } = await import('@adonisjs/core/services/app')
    if (app.inProduction) {
      this.logger.error('voting:mint-ballots refuses to run in production')
      this.exitCode = 1
      return
    }
    const { mintBallots } = await import('#voting/mint_ballots')
    const out = createWriteStream(this.out)
    try {
      const minted = await mintBallots(
        this.campaign,
        this.count,
        (line) => {
          if (!out.write(`${JSON.stringify(line)}\n`)) return once(out, 'drain').then(() => {})
        },
        { rivals: this.rivals === true }
      )
      this.logger.success(`${minted} ballots for campaign ${this.campaign} written to ${this.out}`)
    } catch (error) {
      this.logger.error((error as Error).message)
      this.exitCode = 1
    } finally {
      out.end()
      await once(out, 'close')
    }
  }
}
