import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ed25519 } from '@noble/curves/ed25519.js'
import ledgerConfig, { type LedgerConfig } from '#config/ledger'
import { LedgerClient } from '#ledger/ledger_client'
import { bytesToHex, hexToBytes } from '@civic-budget/protocol/bytes'

/*
| The module's runtime: one client built from config/ledger.ts and the platform's admin signing key.
| `configureLedger` replaces both (tests point them at their own cluster).
|
| Admin key: LEDGER_ADMIN_SECRET_KEY (hex Ed25519 seed) — the only source in production. Outside
| production, when unset, `admin.key` next to LEDGER_GENESIS (written by `ledger-node init --app pb`,
| whose public key init lists in genesis `admins`) is used, so `npm start` works with no manual step.
*/
export interface AdminKey {
  secretKey: Uint8Array
  publicKey: Uint8Array
  source: 'env' | 'genesis-dir'
}

let config: LedgerConfig = ledgerConfig
let client: LedgerClient | null = null
let adminKey: AdminKey | null | undefined

export function configureLedger(overrides: Partial<LedgerConfig>): void {
  config = { ...ledgerConfig, ...overrides }
  client = null
  adminKey = undefined
}

export function ledgerSettings(): LedgerConfig {
  return config
}

/** Replica base URLs for browsers (LEDGER_PUBLIC_URLS, else the replicas the app uses). */
export function ledgerPublicUrls(): string[] {
  return config.publicUrls.length > 0 ? config.publicUrls : config.replicas
}

export function ledgerClient(): LedgerClient {
  client ??= new LedgerClient({
    replicas: config.replicas,
    genesisPath: config.genesisPath,
    submitTimeoutMs: config.submitTimeoutMs,
    statusTimeoutMs: config.statusTimeoutMs,
  })
  return client
}

function keyFromHex(hex: string, source: AdminKey['source']): AdminKey {
  const secretKey = hexToBytes(hex.trim().toLowerCase(), 32)
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey), source }
}

/** The admin key, or null when none is configured (see the header). Cached. */
export function ledgerAdminKey(): AdminKey | null {
  if (adminKey !== undefined) return adminKey
  if (config.adminSecretKeyHex) {
    adminKey = keyFromHex(config.adminSecretKeyHex, 'env')
  } else if (config.devAdminKeyFile && config.genesisPath) {
    const file = join(dirname(config.genesisPath), 'admin.key')
    adminKey = existsSync(file) ? keyFromHex(readFileSync(file, 'utf8'), 'genesis-dir') : null
  } else {
    adminKey = null
  }
  return adminKey
}

export function adminPublicKeyHex(): string | null {
  const key = ledgerAdminKey()
  return key ? bytesToHex(key.publicKey) : null
}
