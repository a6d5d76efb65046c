import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { Campaign } from '@civic-budget/ledger-node/pb'
import type { OutcomeRule } from '#campaigns/models/campaign'
import type { Genesis } from '@civic-budget/protocol/block'
import {
  potBallot,
  potRuleInput,
  voteTypeOf,
  type PotBallots,
} from '../platform/campaign_ballots.js'
import { runPotRule } from '../platform/pot_outcome.js'
import { publishedTallies, tallyHash, type ProjectTally } from '../platform/tally_hash.js'
import type { Ballot } from '../types.js'
import { readChain } from './chain.js'
import { auditEncrypted, decryptedReplay, encryptedRecordsOf } from './encrypted.js'
import { executeChain, type ChainExecution } from './execute_chain.js'
import {
  replayCampaign,
  type CampaignReplay,
  type CountedBallot,
  type PaperBatchVerdict,
} from './replay.js'

/*
 * `ledger:audit`: the whole chain from one replica, verified against the genesis and executed by
 * the replicas' own pb application (the ballots and paper batches it accepts are the counted ones,
 * its tallies are the campaign's); tally hash and outcome recomputed with the campaign's rule;
 * compared with what the platform published — the `outcome` record it signed on the ledger and,
 * where a database is given, the `tally_projects` rows (online ballots and paper sheets apart) and
 * `campaign_outcomes`. Any difference is listed (naming the project or pot) and makes the audit
 * fail.
 */

export interface AuditOptions {
  campaignId: number
  replicaUrl: string
  genesis: Genesis
  /** The platform's database; null when an observer audits from the ledger alone. */
  db: QueryClientContract | null
  /** The campaign's rule when no database is given (default: the rule in the outcome record). */
  rule?: OutcomeRule
  fetchImpl?: typeof fetch
}

export interface AuditReport {
  ok: boolean
  lines: string[]
  differences: string[]
}

type Source = CountedBallot['source']

/** What the published channels of `tally_projects` are compared with, per source on the ledger. */
const SOURCES: [Source, string][] = [
  ['online', 'online ballots'],
  ['paper', 'paper sheets'],
]

/** Station names are operators' text: quoted as JSON so none can forge a report line. */
function paperBatchLine(batch: PaperBatchVerdict): string {
  const sheets = `${batch.sheets} sheet${batch.sheets === 1 ? '' : 's'}`
  const name = `paper batch ${JSON.stringify(batch.station)} #${batch.batchNo} (height ${batch.height}, ${sheets})`
  return batch.refused ? `${name}: NOT counted, ${batch.refused}` : `${name}: counted`
}

/** Txs the replicas' codec cannot decode: refused, and no campaign can be named for them. */
function malformedLine(execution: ChainExecution): string[] {
  const heights = execution.txs.filter((t) => t.tx === null).map((t) => t.height)
  if (heights.length === 0) return []
  const txs = heights.length === 1 ? '1 malformed tx' : `${heights.length} malformed txs`
  return [
    `${txs} refused by the replicas' pb application (height ${[...new Set(heights)].join(', ')}): ` +
      'not counted for any campaign',
  ]
}

/** What was counted: online ballots and paper sheets apart, every paper batch, every project. */
function countLines(campaignId: number, replay: CampaignReplay): string[] {
  const { tallies } = replay
  const online = tallies.ballots - tallies.paperSheets
  const batches = replay.paperBatches.filter((b) => !b.refused).length
  const notCounted = [...replay.notCounted].map(([reason, n]) => `${n} ${reason}`).join(', ')
  return [
    `campaign ${campaignId}: ${tallies.ballots} ballots counted = ${online} online ballots + ` +
      `${tallies.paperSheets} paper sheets (${batches} of ${replay.paperBatches.length} paper batches)` +
      (notCounted ? `; not counted: ${notCounted}` : ''),
    ...replay.paperBatches.map(paperBatchLine),
    ...tallies.all.map((t, i) => {
      const [o, p] = [tallies.online[i], tallies.paper[i]]
      return (
        `project ${t.projectId}: ${t.votes} votes / ${t.points} points ` +
        `(online ${o.votes} / ${o.points}, paper ${p.votes} / ${p.points})`
      )
    }),
  ]
}

/** The replayed campaign's ballots as rule inputs per pot (same shaping as the platform's). */
function potBallotsFrom(campaign: Campaign, replay: CampaignReplay): PotBallots[] {
  return [...campaign.pots]
    .sort((a, b) => a.id - b.id)
    .map((pot) => {
      const voteType = voteTypeOf(pot.rule)
      const projects = campaign.projects
        .filter((p) => p.potId === pot.id)
        .map((p) => ({
          id: p.id,
          potId: pot.id,
          ruleId: String(p.id),
          externalId: null,
          title: '',
          cost: p.cost,
        }))
      const ruleIds = new Map(projects.map((p) => [p.id, p.ruleId]))
      const ballots: Ballot[] = []
      for (const b of replay.ballots) {
        const ballot = potBallot(b.choices, ruleIds, voteType)
        if (ballot) ballots.push(ballot)
      }
      // The campaign record carries the currency's decimals and each pot's minimum support
      // (absent in records older than them: 2 decimals, no minimum — what the app applied then).
      const shape = {
        budget: pot.budget,
        minorPerUnit: 10n ** BigInt(campaign.minorDigits ?? 2),
        minSupport: pot.minSupport ?? 0,
        voteType,
      }
      return {
        potId: pot.id,
        ...shape,
        ballotRule: pot.rule,
        projects,
        input: potRuleInput(shape, projects, ballots),
      }
    })
}

function compareTallies(
  label: string,
  expected: ProjectTally[],
  published: ProjectTally[],
  differences: string[]
) {
  const byId = new Map(published.map((t) => [t.projectId, t]))
  for (const tally of expected) {
    const other = byId.get(tally.projectId)
    if (!other) {
      differences.push(`project ${tally.projectId}: ${label}: on the ledger, not published`)
    } else if (other.votes !== tally.votes || other.points !== tally.points) {
      differences.push(
        `project ${tally.projectId}: ${label}: ledger ${tally.votes} votes / ${tally.points} points, published ${other.votes} / ${other.points}`
      )
    }
    byId.delete(tally.projectId)
  }
  for (const id of byId.keys())
    differences.push(`project ${id}: ${label}: published, not on the ledger`)
}

const sameList = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => x === b[i])

const ascendingIds = (ids: readonly number[]) => [...ids].sort((a, b) => a - b)

/**
 * The outcome record lists a pot's selected projects ascending (the replicas' order), not in the
 * rule's selection order: it is compared with the recomputed selection as a set.
 */
function recordSelectionDifference(
  potId: number,
  recorded: readonly number[],
  recomputed: readonly number[]
): string | null {
  const [onLedger, expected] = [ascendingIds(recorded), ascendingIds(recomputed)]
  if (sameList(onLedger, expected)) return null
  const parts = [
    ['missing from the record', expected.filter((id) => !onLedger.includes(id))],
    ['only in the record', onLedger.filter((id) => !expected.includes(id))],
  ] as const
  const detail = parts
    .filter(([, ids]) => ids.length > 0)
    .map(([label, ids]) => `${label}: ${ids.join(', ')}`)
    .join('; ')
  return (
    `pot ${potId}: outcome record selects ${onLedger.join(', ') || '—'}, ` +
    `recomputed ${expected.join(', ') || '—'}` +
    (detail ? ` (${detail})` : '')
  )
}

export async function auditCampaign(options: AuditOptions): Promise<AuditReport> {
  const lines: string[] = []
  const differences: string[] = []
  const chain = await readChain(options.replicaUrl, options.genesis, options.fetchImpl)
  lines.push(
    `chain ${options.genesis.chainId}: ${chain.blocks.length} certified blocks verified` +
      (chain.uncertifiedTail
        ? ` (${chain.uncertifiedTail} newest not yet certified, left out)`
        : '') +
      ", executed by the replicas' pb application"
  )
  differences.push(...chain.problems)
  const execution = executeChain(chain.blocks, options.genesis)
  differences.push(...execution.problems)
  lines.push(...malformedLine(execution))
  const replayed = replayCampaign(execution, options.campaignId)
  if (!replayed.ok) {
    differences.push(...replayed.problems)
    return { ok: false, lines, differences }
  }
  let { replay } = replayed
  let undecrypted = 0
  if (replay.campaign.encryption) {
    const encrypted = auditEncrypted(
      replay.campaign,
      encryptedRecordsOf(execution.txs, options.campaignId)
    )
    lines.push(...encrypted.lines)
    differences.push(...encrypted.differences)
    replay = decryptedReplay(replay, encrypted)
    undecrypted = encrypted.undecrypted
    if (options.db) {
      const [row] = await options.db
        .from('spoiled_ballots')
        .where('campaign_id', options.campaignId)
        .count('* as n')
      if (Number(row.n) !== encrypted.spoiled)
        differences.push(`spoiled ballots: ledger ${encrypted.spoiled}, published ${Number(row.n)}`)
    }
  }
  const { campaign, tallies } = replay
  lines.push(...countLines(campaign.id, replay))
  const hash = tallyHash(campaign.id, tallies.all)
  lines.push(`tally hash ${hash}`)

  const stored = options.db
    ? await options.db.from('campaign_outcomes').where('campaign_id', campaign.id).first()
    : null
  const record = replay.outcomes.at(-1) ?? null
  const campaignRow = options.db
    ? await options.db.from('campaigns').where('id', campaign.id).first()
    : null
  const rule = (options.db ? campaignRow?.outcome_rule : (options.rule ?? record?.rule)) as
    OutcomeRule | undefined
  if (options.db) {
    for (const [source, label] of SOURCES) {
      const published = await publishedTallies(campaign.id, options.db, source)
      compareTallies(label, tallies[source], published, differences)
    }
    if (stored && stored.tally_hash !== hash) {
      differences.push(
        `campaign_outcomes tally hash ${stored.tally_hash} differs from the ledger's ${hash}`
      )
    }
  }
  if (undecrypted > 0) {
    const what = `shares: ${undecrypted} encrypted ballot${undecrypted === 1 ? '' : 's'} without t valid decryption shares`
    // Before any result is published this is only where the decryption stands.
    if (record || stored) differences.push(`${what}, yet an outcome was published`)
    else lines.push(`${what} (not decrypted yet)`)
  }
  if (record && record.tallyHash !== hash) {
    differences.push(
      `outcome record (height ${record.height}) tally hash ${record.tallyHash} differs from ${hash}`
    )
  }
  if (!rule) {
    lines.push('no rule known (no database, no outcome record): outcome not recomputed')
    return { ok: differences.length === 0, lines, differences }
  }

  const pots = potBallotsFrom(campaign, replay).map((pot) => runPotRule(pot, rule))
  for (const pot of pots) {
    const ids = pot.selected.map((s) => s.projectId)
    lines.push(`pot ${pot.potId} (${pot.rule}): selected ${ids.join(', ') || '—'}`)
    const published = stored?.pots?.find((p: { potId: number }) => p.potId === pot.potId)
    const override = stored?.override_reason ?? record?.override ?? ''
    if (override) continue
    if (published) {
      const publishedIds = published.selected.map((s: { projectId: number }) => s.projectId)
      if (!sameList(publishedIds, ids)) {
        differences.push(
          `pot ${pot.potId}: published selection ${publishedIds.join(', ')}, recomputed ${ids.join(', ')}`
        )
      }
    }
    if (record) {
      // A pot missing from the record selected nothing there.
      const recorded = record.pots.find(([potId]) => potId === pot.potId)?.[1] ?? []
      const difference = recordSelectionDifference(pot.potId, recorded, ids)
      if (difference) differences.push(difference)
    }
  }
  const override = stored?.override_reason ?? record?.override
  if (override)
    lines.push(
      `outcome overridden by the city: "${override}" (selection not compared with the rule)`
    )
  if (!stored && !record) lines.push('no published outcome yet (only the tallies were compared)')
  return { ok: differences.length === 0, lines, differences }
}
