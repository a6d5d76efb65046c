import env from '#start/env'

/*
| The ledger client (app/ledger/README.md). `npm start` passes LEDGER_REPLICAS and LEDGER_GENESIS for
| its local cluster. The admin signing key comes only from LEDGER_ADMIN_SECRET_KEY; outside production,
| when it is unset, the key `ledger-node init` wrote next to the genesis file (`admin.key`) is used.
*/
export interface LedgerConfig {
  replicas: string[]
  /**
   * Replica URLs as browsers reach them (the check-my-ballot page asks them directly); empty = the
   * same as `replicas` (a local cluster). Set LEDGER_PUBLIC_URLS when the app reaches the replicas
   * by private addresses.
   */
  publicUrls: string[]
  genesisPath: string | null
  adminSecretKeyHex: string | null
  /** Read `admin.key` next to the genesis file when no key is in the environment (never in production). */
  devAdminKeyFile: boolean
  submitTimeoutMs: number
  statusTimeoutMs: number
  outbox: {
    intervalMs: number
    batchSize: number
    backoffBaseMs: number
    backoffMaxMs: number
    /** How long one worker pass waits for a submitted tx to commit before moving on. */
    commitWaitMs: number
    /** A claimed row is invisible to other workers for this long (crash safety). */
    leaseMs: number
  }
  /** The block projection (app/ledger/README.md "Projection"). */
  projection: {
    intervalMs: number
    /** Blocks per transaction (≤ 100, one `GET /blocks` page). */
    batchSize: number
  }
}

export function urlList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((url) => url.trim().replace(/\/+$/, ''))
    .filter((url) => url.length > 0)
}

const ledgerConfig: LedgerConfig = {
  replicas: urlList(env.get('LEDGER_REPLICAS')),
  publicUrls: urlList(env.get('LEDGER_PUBLIC_URLS')),
  genesisPath: env.get('LEDGER_GENESIS') ?? null,
  adminSecretKeyHex: env.get('LEDGER_ADMIN_SECRET_KEY') ?? null,
  devAdminKeyFile: env.get('NODE_ENV') !== 'production',
  submitTimeoutMs: 5_000,
  statusTimeoutMs: 3_000,
  outbox: {
    intervalMs: 2_000,
    batchSize: 50,
    backoffBaseMs: 2_000,
    backoffMaxMs: 5 * 60_000,
    commitWaitMs: 3_000,
    leaseMs: 60_000,
  },
  projection: {
    intervalMs: 1_000,
    batchSize: 100,
  },
}

export default ledgerConfig
