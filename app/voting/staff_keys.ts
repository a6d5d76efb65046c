import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex, hexToBytes } from '@civic-budget/protocol/bytes'

/*
| Ed25519 signing keys of staff members who sign paper batches (the `operatorKey` of a paper-batch
| tx). One per staff user, generated on first use; the seed is at rest only as
| `encryption.encrypt(hex, _, PURPOSE)` (the APP_KEY-derived key, authenticated), as registrar keys.
| The public key is shown on the paper-ballot screen, so a staff member can recognise their batches.
*/
const PURPOSE = 'civic-budget/staff-signing/v1'

export async function staffPublicKeyOf(
  staffUserId: number,
  client: QueryClientContract = db.connection()
): Promise<string | null> {
  const row = await client
    .from('staff_signing_keys')
    .where('staff_user_id', staffUserId)
    .select('public_key')
    .first()
  return row?.public_key ?? null
}

/** The staff member's key, created if missing (idempotent under concurrency); the caller zeroes it. */
export async function staffSigningKey(
  staffUserId: number,
  client: QueryClientContract
): Promise<{ publicKey: string; secretKey: Uint8Array }> {
  const seed = ed25519.utils.randomSecretKey()
  await client
    .insertQuery()
    .table('staff_signing_keys')
    .insert({
      staff_user_id: staffUserId,
      public_key: bytesToHex(ed25519.getPublicKey(seed)),
      secret_key_encrypted: encryption.encrypt(bytesToHex(seed), undefined, PURPOSE),
      created_at: new Date(),
    })
    .knexQuery.onConflict('staff_user_id')
    .ignore()
  seed.fill(0)
  const row = await client
    .from('staff_signing_keys')
    .where('staff_user_id', staffUserId)
    .select('public_key', 'secret_key_encrypted')
    .first()
  const hex = row ? encryption.decrypt<string>(row.secret_key_encrypted, PURPOSE) : null
  if (typeof hex !== 'string') {
    throw new Error(`signing key of staff ${staffUserId} cannot be read (APP_KEY changed?)`)
  }
  return { publicKey: row.public_key, secretKey: hexToBytes(hex, 32) }
}
