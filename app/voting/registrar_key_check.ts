import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { REGISTRAR_PURPOSE } from '#voting/registrar'

/*
| The start-up check of the registrar keys (issue #11 item 9). The secret scalars are stored
| encrypted with the APP_KEY-derived key (registrar.ts); after a change of APP_KEY (a database
| restored onto a fresh install, two checkouts sharing one database) none of them decrypts, and
| every credential request of those campaigns would end in a 500. The web server therefore checks
| them before it listens and refuses to start, naming the campaigns and the fix.
*/

interface Decrypter {
  decrypt<T>(value: unknown, purpose?: string): T | null
}

/** Ids of the campaigns whose stored registrar key does not decrypt with `decrypter`. */
export async function campaignsWithUnreadableRegistrarKeys(
  client: QueryClientContract = db.connection(),
  decrypter: Decrypter = encryption
): Promise<number[]> {
  if (!(await client.schema.hasTable('campaign_registrar_keys'))) return []
  const rows: { campaign_id: number; secret_key_encrypted: string }[] = await client
    .from('campaign_registrar_keys')
    .select('campaign_id', 'secret_key_encrypted')
    .orderBy('campaign_id')
  // The decrypted hex string is dropped at once (a JS string cannot be wiped; see registrar.ts).
  return rows
    .filter((row) => !decrypts(decrypter, row.secret_key_encrypted))
    .map((row) => row.campaign_id)
}

function decrypts(decrypter: Decrypter, value: string): boolean {
  try {
    return typeof decrypter.decrypt<string>(value, REGISTRAR_PURPOSE) === 'string'
  } catch {
    return false
  }
}

/** What the server prints before it refuses to start. */
export function unreadableRegistrarKeysMessage(campaignIds: number[]): string {
  const campaigns = `campaign${campaignIds.length === 1 ? '' : 's'} ${campaignIds.join(', ')}`
  return [
    `The registrar keys of ${campaigns} cannot be decrypted with this APP_KEY.`,
    'They were stored under another APP_KEY (the key was changed, or this database comes from another',
    `installation). Voters of ${campaigns} could not get credentials, so the server does not start.`,
    'Fix: restore the APP_KEY these keys were stored with (in .env or the environment) and start again.',
    'Do not delete the keys of a campaign in voting: credentials already issued depend on them.',
  ].join('\n')
}
