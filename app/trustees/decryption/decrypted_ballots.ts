import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { resolveChannels } from '#ledger/projection/channels'

/*
| Decrypted ballots go into the read models clear ballots use (migration 0050), so outcome, results,
| reports and Pabulib export work as for a clear campaign: one `ballot_records` row each (ref = the
| ballot hash, as for a clear online ballot; channel online or terminal by the same resolvers — the
| projection's choice-less row of the encrypted ballot gets its choices), and increments of
| `tally_projects` and `tally_pots` for the rows actually written — a second run writes nothing and
| counts nothing. `tally_hours` is not touched: it counts ballots as they arrive
| (turnout during voting), which the projection of encrypted ballots already did.
*/
const INSERT_CHUNK = 1000

export interface DecryptedBallot {
  ballotHash: string
  txHash: string
  height: number
  choices: [projectId: number, weight: number][]
}

function bump(map: Map<string, number[]>, key: string, ...by: number[]) {
  const current = map.get(key)
  if (current) by.forEach((value, i) => (current[i] += value))
  else map.set(key, [...by])
}

/** Writes the counted ballots; returns how many were new. */
export async function writeDecryptedBallots(
  trx: TransactionClientContract,
  campaignId: number,
  potOfProject: ReadonlyMap<number, number>,
  ballots: readonly DecryptedBallot[]
): Promise<number> {
  const projects = new Map<string, number[]>()
  const pots = new Map<string, number[]>()
  let inserted = 0
  for (let i = 0; i < ballots.length; i += INSERT_CHUNK) {
    const slice = ballots.slice(i, i + INSERT_CHUNK)
    const channels = await resolveChannels(
      slice.map((b) => b.ballotHash),
      trx
    )
    const rows = slice.map((b) => ({
      campaign_id: campaignId,
      ref: b.ballotHash,
      channel: channels.get(b.ballotHash) ?? 'online',
      choices: JSON.stringify(b.choices),
      height: b.height,
      tx_hash: b.txHash,
      block_time: null,
    }))
    // The projection already wrote each encrypted ballot's row with no choices (turnout): it gets
    // its choices now, once — a row that has them is left alone (a second run changes nothing).
    const answer = (await trx
      .knexQuery()
      .table('ballot_records')
      .insert(rows)
      .onConflict('ref')
      .merge(['choices'])
      .whereRaw(`ballot_records.choices = '[]'::jsonb`)
      .returning('ref')) as { ref: string }[]
    const fresh = new Set(answer.map((row) => row.ref))
    inserted += fresh.size
    for (const ballot of slice) {
      if (!fresh.has(ballot.ballotHash)) continue
      const channel = channels.get(ballot.ballotHash) ?? 'online'
      const chosenPots = new Set<number>()
      for (const [projectId, weight] of ballot.choices) {
        bump(projects, `${projectId}:${channel}`, 1, weight)
        const pot = potOfProject.get(projectId)
        if (pot !== undefined) chosenPots.add(pot)
      }
      for (const pot of chosenPots) bump(pots, `${pot}:${channel}`, 1)
    }
  }
  const projectRows = [...projects].map(([key, [votes, points]]) => {
    const [projectId, channel] = key.split(':')
    return { campaign_id: campaignId, project_id: +projectId, channel, votes, points }
  })
  const potRows = [...pots].map(([key, [count]]) => {
    const [potId, channel] = key.split(':')
    return { campaign_id: campaignId, pot_id: +potId, channel, ballots: count }
  })
  if (projectRows.length > 0) {
    await trx
      .knexQuery()
      .table('tally_projects')
      .insert(projectRows)
      .onConflict(['campaign_id', 'project_id', 'channel'])
      .merge({
        votes: trx.knexRawQuery('tally_projects.votes + excluded.votes'),
        points: trx.knexRawQuery('tally_projects.points + excluded.points'),
      })
  }
  if (potRows.length > 0) {
    await trx
      .knexQuery()
      .table('tally_pots')
      .insert(potRows)
      .onConflict(['campaign_id', 'pot_id', 'channel'])
      .merge({ ballots: trx.knexRawQuery('tally_pots.ballots + excluded.ballots') })
  }
  return inserted
}
