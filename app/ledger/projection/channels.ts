import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/*
| Extension point: which channel an online-format ballot came through. The ledger cannot tell a
| kiosk ballot from a phone ballot (both are signed ballot txs), only the app knows which ballots
| its terminals submitted. Resolvers are registered at boot (e.g. the voting module's
| `channelsOf`); a ballot is `terminal` if any resolver says so, else `online`.
*/
export type BallotChannel = 'terminal' | 'online'

export type ChannelResolver = (
  ballotHashes: string[],
  client: QueryClientContract
) => Promise<Map<string, BallotChannel>>

const resolvers = new Map<string, ChannelResolver>()

/** Registers (or replaces, by name) a resolver; returns a function that removes it. */
export function registerChannelResolver(fn: ChannelResolver, name = 'default'): () => void {
  resolvers.set(name, fn)
  return () => {
    if (resolvers.get(name) === fn) resolvers.delete(name)
  }
}

export async function resolveChannels(
  ballotHashes: string[],
  client: QueryClientContract
): Promise<Map<string, BallotChannel>> {
  const channels = new Map<string, BallotChannel>(ballotHashes.map((h) => [h, 'online']))
  if (ballotHashes.length === 0) return channels
  for (const resolver of resolvers.values()) {
    for (const [hash, channel] of await resolver(ballotHashes, client)) {
      if (channel === 'terminal' && channels.has(hash)) channels.set(hash, 'terminal')
    }
  }
  return channels
}
