import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { CountedBallot } from '#ledger/projection/tx_handlers'
import { resolveChannels } from '#ledger/projection/channels'
import { appendEncryptedBallots } from '#ledger/projection/encrypted_ballots'

/*
| Writes counted ballots into the read models of migration 0050 inside the projector's
| transaction: one `ballot_records` row each (unique `ref`), and increments of `tally_projects`
| (votes +1, points +weight), `tally_pots` (+1 per pot the ballot chose in) and `tally_hours`
| (hour of the block time, UTC). Tallies count only rows actually inserted, so applying the same
| blocks twice (state height moved back by hand) never counts a ballot twice.
| An encrypted ballot (v2) has no choices: it counts in `tally_hours` (turnout, by channel and
| hour) and nowhere else, and its bytes go to `encrypted_ballots` in ledger order.
*/
const INSERT_CHUNK = 1000
const HOUR_MS = 3_600_000

async function knownCampaigns(trx: TransactionClientContract, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set()
  const rows = await trx.from('campaigns').whereIn('id', ids).select('id')
  return new Set(rows.map((row) => Number(row.id)))
}

async function potOfProjects(
  trx: TransactionClientContract,
  campaignIds: number[]
): Promise<Map<number, number>> {
  const rows = await trx.from('projects').whereIn('campaign_id', campaignIds).select('id', 'pot_id')
  return new Map(rows.map((row) => [Number(row.id), Number(row.pot_id)]))
}

function bump<K>(map: Map<K, number[]>, key: K, ...by: number[]) {
  const current = map.get(key)
  if (current) by.forEach((value, i) => (current[i] += value))
  else map.set(key, [...by])
}

export interface WriteSummary {
  counted: number
  skippedUnknownCampaign: number
  alreadyCounted: number
}

export async function writeCountedBallots(
  trx: TransactionClientContract,
  ballots: CountedBallot[]
): Promise<WriteSummary> {
  const known = await knownCampaigns(trx, [...new Set(ballots.map((b) => b.campaignId))])
  const kept = ballots.filter((b) => known.has(b.campaignId))
  const channels = await resolveChannels(
    kept.filter((b) => b.channel === null).map((b) => b.ref),
    trx
  )
  const rows = kept.map((b) => ({
    campaign_id: b.campaignId,
    ref: b.ref,
    channel: b.channel ?? channels.get(b.ref) ?? 'online',
    choices: JSON.stringify(b.choices),
    height: b.height,
    tx_hash: b.txHash,
    block_time: new Date(b.blockTimeMs),
  }))
  const byRef = new Map(kept.map((b) => [b.ref, b]))
  const inserted = new Set<string>()
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const answer = await trx
      .knexQuery()
      .table('ballot_records')
      .insert(rows.slice(i, i + INSERT_CHUNK))
      .onConflict('ref')
      .ignore()
      .returning('ref')
    for (const row of answer as { ref: string }[]) inserted.add(row.ref)
  }

  const pots = await potOfProjects(trx, [...known])
  const projectTally = new Map<string, number[]>()
  const potTally = new Map<string, number[]>()
  const hourTally = new Map<string, number[]>()
  for (const row of rows) {
    if (!inserted.has(row.ref)) continue
    const ballot = byRef.get(row.ref)!
    const chosenPots = new Set<number>()
    for (const [projectId, weight] of ballot.choices) {
      bump(projectTally, `${row.campaign_id}:${projectId}:${row.channel}`, 1, weight)
      const pot = pots.get(projectId)
      if (pot !== undefined) chosenPots.add(pot)
    }
    for (const pot of chosenPots) bump(potTally, `${row.campaign_id}:${pot}:${row.channel}`, 1)
    const hour = Math.floor(ballot.blockTimeMs / HOUR_MS) * HOUR_MS
    bump(hourTally, `${row.campaign_id}:${hour}:${row.channel}`, 1)
  }
  await upsertTallies(trx, projectTally, potTally, hourTally)
  await appendEncryptedBallots(trx, kept)
  return {
    counted: inserted.size,
    skippedUnknownCampaign: ballots.length - kept.length,
    alreadyCounted: kept.length - inserted.size,
  }
}

const split = (key: string) => key.split(':')

async function upsertTallies(
  trx: TransactionClientContract,
  projects: Map<string, number[]>,
  pots: Map<string, number[]>,
  hours: Map<string, number[]>
) {
  const projectRows = [...projects].map(([key, [votes, points]]) => {
    const [campaignId, projectId, channel] = split(key)
    return { campaign_id: +campaignId, project_id: +projectId, channel, votes, points }
  })
  const potRows = [...pots].map(([key, [ballots]]) => {
    const [campaignId, potId, channel] = split(key)
    return { campaign_id: +campaignId, pot_id: +potId, channel, ballots }
  })
  const hourRows = [...hours].map(([key, [ballots]]) => {
    const [campaignId, hour, channel] = split(key)
    return { campaign_id: +campaignId, hour: new Date(+hour), channel, ballots }
  })
  for (let i = 0; i < projectRows.length; i += INSERT_CHUNK) {
    await trx
      .knexQuery()
      .table('tally_projects')
      .insert(projectRows.slice(i, i + INSERT_CHUNK))
      .onConflict(['campaign_id', 'project_id', 'channel'])
      .merge({
        votes: trx.knexRawQuery('tally_projects.votes + excluded.votes'),
        points: trx.knexRawQuery('tally_projects.points + excluded.points'),
      })
  }
  for (let i = 0; i < potRows.length; i += INSERT_CHUNK) {
    await trx
      .knexQuery()
      .table('tally_pots')
      .insert(potRows.slice(i, i + INSERT_CHUNK))
      .onConflict(['campaign_id', 'pot_id', 'channel'])
      .merge({ ballots: trx.knexRawQuery('tally_pots.ballots + excluded.ballots') })
  }
  for (let i = 0; i < hourRows.length; i += INSERT_CHUNK) {
    await trx
      .knexQuery()
      .table('tally_hours')
      .insert(hourRows.slice(i, i + INSERT_CHUNK))
      .onConflict(['campaign_id', 'hour', 'channel'])
      .merge({ ballots: trx.knexRawQuery('tally_hours.ballots + excluded.ballots') })
  }
}
