import { DateTime } from 'luxon'
import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { generateRegistrarKey, popProve } from '@civic-budget/protocol/credential'
import { signBlindedNative, type NativeBlindedPoint } from '@civic-budget/protocol-node/credential'
import { hexToBytes } from '@civic-budget/protocol/bytes'

/*
| The campaign registrar (protocol.md "Credential"): one BLS12-381 key pair per campaign.
|
| Invariants:
| - the secret scalar is at rest only as `encryption.encrypt(hex, _, REGISTRAR_PURPOSE)` (AES with
|   the APP_KEY-derived key, authenticated); it is decrypted for one signature and the byte copy is
|   zeroed right after (the intermediate JS string cannot be wiped; it is never cached or logged);
| - a campaign has at most one key (UNIQUE campaign_id): concurrent `ensureRegistrarKey` calls
|   agree on the first inserted row;
| - the stored public key and PoP belong to the stored secret (checked on every signature).
|
| When a key is made: when a campaign enters the voting stage (hook registered by the voting
| module, inside the stage change's transaction), and lazily — for campaigns that reached voting
| before this module existed or were seeded there — on the first use of the secret (the first
| credential request, in its transaction) and on the first read of the public campaign while
| voting is open. Rotating APP_KEY makes stored registrar keys unreadable: rotate only between
| campaigns (or re-encrypt with the old key in the keyring).
*/
export const REGISTRAR_PURPOSE = 'civic-budget/registrar/v1'

export interface RegistrarPublic {
  publicKey: string
  pop: string
}

export async function registrarPublicKeyOf(
  campaignId: number,
  client: QueryClientContract = db.connection()
): Promise<RegistrarPublic | null> {
  const row = await client
    .from('campaign_registrar_keys')
    .where('campaign_id', campaignId)
    .select('public_key', 'pop')
    .first()
  return row ? { publicKey: row.public_key, pop: row.pop } : null
}

/** The campaign's registrar key, created if missing (idempotent, safe under concurrency). */
export async function ensureRegistrarKey(
  campaign: { id: number },
  client: QueryClientContract = db.connection()
): Promise<RegistrarPublic> {
  const existing = await registrarPublicKeyOf(campaign.id, client)
  if (existing) return existing
  const { secretKey, publicKey } = generateRegistrarKey()
  const pop = popProve(secretKey)
  await client
    .insertQuery()
    .table('campaign_registrar_keys')
    .insert({
      campaign_id: campaign.id,
      public_key: publicKey,
      secret_key_encrypted: encryption.encrypt(secretKey, undefined, REGISTRAR_PURPOSE),
      pop,
      // The day only: a key made lazily by the first credential request would time that request.
      created_at: DateTime.utc().startOf('day').toJSDate(),
    })
    .knexQuery.onConflict('campaign_id')
    .ignore()
  const stored = await registrarPublicKeyOf(campaign.id, client)
  if (!stored) throw new Error(`assertion: registrar key of campaign ${campaign.id} not stored`)
  return stored
}

const encryptedSecretOf = (campaignId: number, client: QueryClientContract) =>
  client
    .from('campaign_registrar_keys')
    .where('campaign_id', campaignId)
    .select('secret_key_encrypted')
    .first()

/**
 * Runs `use` with the campaign's decrypted registrar secret, the key made first if missing (one
 * query when it exists); the byte copy is zeroed afterwards (see the invariants above). The secret
 * never leaves this call.
 */
export async function withRegistrarSecret<T>(
  campaignId: number,
  use: (secret: Uint8Array) => T,
  client: QueryClientContract = db.connection()
): Promise<T> {
  let row = await encryptedSecretOf(campaignId, client)
  if (!row) {
    await ensureRegistrarKey({ id: campaignId }, client)
    row = await encryptedSecretOf(campaignId, client)
  }
  if (!row) throw new Error(`assertion: campaign ${campaignId} has no registrar key`)
  const secretHex = encryption.decrypt<string>(row.secret_key_encrypted, REGISTRAR_PURPOSE)
  if (typeof secretHex !== 'string') {
    throw new Error(
      `registrar key of campaign ${campaignId} cannot be decrypted (APP_KEY changed?)`
    )
  }
  const secret = hexToBytes(secretHex)
  try {
    return use(secret)
  } finally {
    secret.fill(0)
  }
}

/**
 * Signs a blinded point with the campaign's registrar key: `S' = sk·B`, natively (protocol-node's
 * `signBlindedNative`, byte for byte the protocol's `signBlinded`). Throws `InvalidPointError` for
 * a bad point given as bytes (callers normally parse it first, with `parseBlindedNative`).
 */
export async function signWithRegistrar(
  campaignId: number,
  blinded: NativeBlindedPoint | string,
  client: QueryClientContract = db.connection()
): Promise<string> {
  return withRegistrarSecret(campaignId, (secret) => signBlindedNative(secret, blinded), client)
}
