import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { BallotChannel } from '#ledger/projection/channels'

/*
| For the ledger projection (results' `channels` breakdown; registered by start/ledger_extensions.ts): the channel a ballot came in by is
| known only to the app that took it (the ledger carries no channel). Ballots this app did not take
| (another app node's, before a restore) are simply absent from the map.
*/
export async function channelsOf(
  ballotHashes: string[],
  client: QueryClientContract = db.connection()
): Promise<Map<string, BallotChannel>> {
  const channels = new Map<string, BallotChannel>()
  const CHUNK = 1_000
  for (let i = 0; i < ballotHashes.length; i += CHUNK) {
    const rows = await client
      .from('ballots')
      .whereIn('ballot_hash', ballotHashes.slice(i, i + CHUNK))
      .select('ballot_hash', 'channel')
    for (const row of rows) channels.set(row.ballot_hash, row.channel)
  }
  return channels
}
