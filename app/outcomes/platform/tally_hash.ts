import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { cborEncode } from '@civic-budget/protocol/cbor'
import { sha256Hex } from '@civic-budget/protocol/hash'

/*
 * The tally hash: what an outcome record commits to about the counts (app/outcomes/README.md).
 *
 *   tallyHash = hex SHA-256( CBOR([1, campaignId, [[projectId, votes, points], …]]) )
 *
 * with one entry per project of the campaign, ascending projectId (projects nobody chose give
 * [id, 0, 0]); votes = ballots that chose the project, points = the sum of their weights (1 per
 * approval, the points of cumulative ballots, the rank of ranked ballots), both summed over every
 * channel. CBOR as everywhere in the protocol: definite lengths, shortest integer forms
 * (`@civic-budget/protocol/cbor` cborEncode), so every implementation gets the same bytes.
 */

export interface ProjectTally {
  projectId: number
  votes: number
  points: number
}

/** Per-project tallies counted from ballot choices ([[projectId, weight]…] per ballot). */
export function tallyChoices(
  projectIds: readonly number[],
  ballots: Iterable<readonly (readonly [number, number])[]>
): ProjectTally[] {
  const byId = new Map(projectIds.map((id) => [id, { projectId: id, votes: 0, points: 0 }]))
  for (const choices of ballots) {
    for (const [projectId, weight] of choices) {
      const tally = byId.get(projectId)
      if (!tally) continue
      tally.votes += 1
      tally.points += weight
    }
  }
  return [...byId.values()].sort((a, b) => a.projectId - b.projectId)
}

/**
 * Which channels of `tally_projects` to sum: all of them (what the tally hash covers), the paper
 * sheets only, or every other channel (`online`: the ledger's ballot txs, from the web and terminals).
 */
export type ChannelGroup = 'all' | 'online' | 'paper'

/** The published per-project tallies (`tally_projects`, summed over `channels`) of every project. */
export async function publishedTallies(
  campaignId: number,
  client: QueryClientContract,
  channels: ChannelGroup = 'all'
): Promise<ProjectTally[]> {
  const rows = await client
    .from('projects')
    .leftJoin('tally_projects', (join) => {
      join
        .on('tally_projects.project_id', 'projects.id')
        .andOn('tally_projects.campaign_id', 'projects.campaign_id')
      if (channels === 'paper') join.andOnVal('tally_projects.channel', '=', 'paper')
      if (channels === 'online') join.andOnVal('tally_projects.channel', '<>', 'paper')
    })
    .where('projects.campaign_id', campaignId)
    .groupBy('projects.id')
    .orderBy('projects.id')
    .select('projects.id')
    .select(client.raw('coalesce(sum(tally_projects.votes), 0)::bigint as votes'))
    .select(client.raw('coalesce(sum(tally_projects.points), 0)::bigint as points'))
  return rows.map((r) => ({
    projectId: r.id,
    votes: Number(r.votes),
    points: Number(r.points),
  }))
}

export function tallyHash(campaignId: number, tallies: readonly ProjectTally[]): string {
  const sorted = [...tallies].sort((a, b) => a.projectId - b.projectId)
  return sha256Hex(cborEncode([1, campaignId, sorted.map((t) => [t.projectId, t.votes, t.points])]))
}
