import type { Campaign, Choice } from '@civic-budget/ledger-node/pb'
import { bytesToHex } from '@civic-budget/protocol/bytes'
import { tallyChoices, type ProjectTally } from '../platform/tally_hash.js'
import type { ChainExecution } from './execute_chain.js'

/*
 * One campaign as the replicas' pb application left it after executing the chain: the campaign as
 * the app registered it, its tallies from the app's state (online ballots and paper sheets apart),
 * the ballots and paper sheets the app accepted (the rules need them one by one), the ballots it
 * refused by reason code, every paper batch of the campaign with the app's verdict, and the
 * `outcome` records it accepted (the platform's published outcome). Nothing here decides whether a
 * tx counts: the verdicts are the app's.
 */

export interface CountedBallot {
  /** `online`: a ballot tx (the platform's online and terminal channels); `paper`: one sheet. */
  source: 'online' | 'paper'
  choices: [number, number][]
}

export interface PaperBatchVerdict {
  station: string
  batchNo: number
  sheets: number
  height: number
  /** The replicas' refusal reason (no sheet counted); null when the batch is counted. */
  refused: string | null
}

export interface OutcomeRecord {
  rule: string
  tallyHash: string
  pots: [number, number[]][]
  override: string
  height: number
}

export interface CampaignTallies {
  ballots: number
  paperSheets: number
  /** Per project, in the campaign's project order. */
  all: ProjectTally[]
  online: ProjectTally[]
  paper: ProjectTally[]
}

export interface CampaignReplay {
  campaign: Campaign
  tallies: CampaignTallies
  /** Accepted online ballots and paper sheets, in chain order. */
  ballots: CountedBallot[]
  /** Refused ballot txs of the campaign by the replicas' reason code (`duplicate_voter`, …). */
  notCounted: Map<string, number>
  paperBatches: PaperBatchVerdict[]
  outcomes: OutcomeRecord[]
}

export type CampaignReplayResult =
  { ok: true; replay: CampaignReplay } | { ok: false; problems: string[] }

const pairs = (choices: readonly Choice[]): [number, number][] =>
  choices.map((c) => [c.projectId, c.weight])

/** The code of a replica's reason: `rule_violation: pot 1: …` → `rule_violation`. */
const reasonCode = (reason: string) => reason.split(':')[0]

function campaignTallies(
  execution: ChainExecution,
  campaign: Campaign,
  paperSheets: CountedBallot[]
): CampaignTallies {
  const tally = execution.app.committedTally(campaign.id)
  const projectIds = campaign.projects.map((p) => p.id)
  const all = projectIds.map((projectId) => {
    const counted = tally?.projects.get(projectId) ?? { votes: 0, points: 0 }
    return { projectId, votes: counted.votes, points: counted.points }
  })
  const paper = tallyChoices(
    projectIds,
    paperSheets.map((s) => s.choices)
  )
  const online = all.map((t, i) => ({
    projectId: t.projectId,
    votes: t.votes - paper[i].votes,
    points: t.points - paper[i].points,
  }))
  return {
    ballots: tally?.ballots ?? 0,
    paperSheets: tally?.paperBallots ?? 0,
    all,
    online,
    paper,
  }
}

export function replayCampaign(
  execution: ChainExecution,
  campaignId: number
): CampaignReplayResult {
  const campaign = execution.app.campaign(null, campaignId)?.campaign
  if (!campaign) {
    const refusals = execution.txs
      .filter(({ tx }) => tx?.kind === 'campaign' && tx.campaign.id === campaignId)
      .map(({ height, refused }) => `campaign tx at height ${height} refused: ${refused}`)
    return {
      ok: false,
      problems: [`campaign ${campaignId} is not registered on the ledger`, ...refusals],
    }
  }
  const ballots: CountedBallot[] = []
  const notCounted = new Map<string, number>()
  const paperBatches: PaperBatchVerdict[] = []
  const outcomes: OutcomeRecord[] = []
  for (const { height, tx, refused } of execution.txs) {
    if (tx?.kind === 'ballot' && tx.ballot.campaignId === campaignId) {
      if (refused) {
        const code = reasonCode(refused)
        notCounted.set(code, (notCounted.get(code) ?? 0) + 1)
      } else ballots.push({ source: 'online', choices: pairs(tx.ballot.choices) })
    } else if (tx?.kind === 'paper-batch' && tx.batch.campaignId === campaignId) {
      const { station, batchNo, sheets } = tx.batch
      paperBatches.push({ station, batchNo, sheets: sheets.length, height, refused })
      if (!refused) {
        for (const sheet of sheets) ballots.push({ source: 'paper', choices: pairs(sheet.choices) })
      }
    } else if (
      tx?.kind === 'record' &&
      tx.record.kind === 'outcome' &&
      tx.record.campaignId === campaignId &&
      !refused
    ) {
      const { rule, tallyHash, winners, override } = tx.record
      outcomes.push({
        rule,
        tallyHash: bytesToHex(tallyHash),
        pots: winners.map((w) => [w.potId, w.projectIds]),
        override,
        height,
      })
    }
  }
  const paperSheets = ballots.filter((b) => b.source === 'paper')
  const tallies = campaignTallies(execution, campaign, paperSheets)
  return {
    ok: true,
    replay: { campaign, tallies, ballots, notCounted, paperBatches, outcomes },
  }
}
