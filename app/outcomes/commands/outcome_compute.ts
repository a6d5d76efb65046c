import { readFile } from 'node:fs/promises'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { computeOutcome } from '../compute_outcome.js'
import { parsePabulib } from '../pabulib/parse.js'

/*
 * `node ace outcome:compute --pabulib file.pb --rule greedy|equal-shares|equal-shares-add1 --json`
 * [--min-support N] prints {"selected":[…],"cost":n,"budget":n} (selected ids in selection order) and
 * exits 0; bad input (missing file, unknown rule, malformed file, equal-shares on non-approval ballots,
 * a minimum support that is not a whole number ≥ 0) prints a message on stderr and exits 1. The logic lives in compute_outcome.ts; this is a thin shell.
 */

export interface OutcomeComputeArgs {
  pabulib?: string
  rule?: string
  /** A project with a lower score is never selected (default: none, as Pabulib's rules). */
  minSupport?: string
  json?: boolean
}

export interface OutcomeComputeResult {
  exitCode: 0 | 1
  /** The JSON line on success, else ''. */
  stdout: string
  /** The error message on failure, else ''. */
  stderr: string
}

/** Everything the command does, without ace: read, parse, compute, format. */
export async function runOutcomeCompute(args: OutcomeComputeArgs): Promise<OutcomeComputeResult> {
  const fail = (message: string): OutcomeComputeResult => ({
    exitCode: 1,
    stdout: '',
    stderr: message,
  })
  if (!args.pabulib) return fail('missing --pabulib <file.pb>')
  if (!args.rule) return fail('missing --rule <greedy|equal-shares|equal-shares-add1>')
  const minSupport = args.minSupport === undefined ? 0 : Number(args.minSupport)
  if (!Number.isSafeInteger(minSupport) || minSupport < 0 || args.minSupport?.trim() === '')
    return fail(`--min-support must be a whole number ≥ 0, got "${args.minSupport}"`)
  let text: string
  try {
    text = await readFile(args.pabulib, 'utf8')
  } catch (error) {
    return fail(`cannot read ${args.pabulib}: ${(error as Error).message}`)
  }
  try {
    const outcome = computeOutcome(parsePabulib(text), args.rule, { minSupport })
    const json = JSON.stringify({
      selected: outcome.selected,
      cost: outcome.cost,
      budget: outcome.budget,
    })
    return { exitCode: 0, stdout: json, stderr: '' }
  } catch (error) {
    return fail(`${args.pabulib}: ${(error as Error).message}`)
  }
}

export default class OutcomeCompute extends BaseCommand {
  static commandName = 'outcome:compute'
  static description = 'Compute the winning projects of a Pabulib (.pb) file with a winner rule'
  static options: CommandOptions = { startApp: false }

  @flags.string({ description: 'Path of the Pabulib .pb file' })
  declare pabulib?: string

  @flags.string({ description: 'Winner rule: greedy, equal-shares or equal-shares-add1' })
  declare rule?: string

  @flags.string({ description: 'Minimum score a project needs to be selected (default: none)' })
  declare minSupport?: string

  @flags.boolean({ description: 'Print the outcome as JSON (the only output format)' })
  declare json?: boolean

  async run() {
    const result = await runOutcomeCompute({
      pabulib: this.pabulib,
      rule: this.rule,
      minSupport: this.minSupport,
      json: this.json,
    })
    if (result.exitCode === 0) this.logger.log(result.stdout)
    else this.logger.error(result.stderr)
    this.exitCode = result.exitCode
  }
}
