import { createHash, randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import { generateSecret, generateURI, verify } from 'otplib'
import type StaffUser from '#identity/models/staff_user'
import { hasRole } from '#identity/staff_access'

/*
| Staff second factor: TOTP (RFC 6238, 6 digits, 30 s, SHA-1 — what every authenticator app
| reads from an otpauth:// URI) plus ten one-time recovery codes. Admins must have it; every
| other role may turn it on.
*/

/** Codes one step (30 s) old or ahead still count: phone clocks drift. */
const EPOCH_TOLERANCE_SECONDS = 30
export const RECOVERY_CODE_COUNT = 10
const ISSUER = 'Civic Budget'
/** Recovery code alphabet: no 0/O, 1/I/L — read off paper without mistakes. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export function newTotpSecret(): string {
  return generateSecret()
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret })
}

export function encryptSecret(secret: string): string {
  return encryption.encrypt(secret)
}

/** Whether the member must have a second factor before any staff screen (admins). */
export function requiresTwoFactor(user: StaffUser): Promise<boolean> {
  return hasRole(user, ['admin'], { anyScope: true })
}

export function hasTwoFactor(user: StaffUser): boolean {
  return user.totpEnabledAt !== null && user.totpSecret !== null
}

/** The time step of `token` if it is a valid code of `secret` newer than `afterStep`. */
async function matchingStep(secret: string, token: string, afterStep: number | null) {
  if (!/^\d{6}$/.test(token)) return null
  const result = await verify({
    secret,
    token,
    epochTolerance: EPOCH_TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  })
  return result.valid && 'timeStep' in result ? result.timeStep : null
}

/**
 * Checks a code from the member's app. A code is accepted once: the accepted time step is
 * stored with a compare-and-set, so the same code replayed (even concurrently) is refused.
 */
export async function verifyTotp(user: StaffUser, token: string): Promise<boolean> {
  if (!hasTwoFactor(user)) return false
  const secret = encryption.decrypt<string>(user.totpSecret!)
  if (!secret) return false
  const step = await matchingStep(secret, token.replaceAll(/\s/g, ''), user.totpLastStep)
  if (step === null) return false
  const updated = await db
    .from('staff_users')
    .where('id', user.id)
    .where((query) => query.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
    .update({ totp_last_step: step })
  return Number(updated) === 1
}

function hashRecoveryCode(code: string) {
  const normalized = code.toUpperCase().replaceAll(/[^A-Z0-9]/g, '')
  return createHash('sha256').update(normalized).digest('hex')
}

function newRecoveryCode() {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)])
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}

/** Spends one recovery code; false when it is unknown or already used. */
export async function useRecoveryCode(user: StaffUser, code: string): Promise<boolean> {
  const updated = await db
    .from('staff_recovery_codes')
    .where('staff_user_id', user.id)
    .where('code_hash', hashRecoveryCode(code))
    .whereNull('used_at')
    .update({ used_at: new Date() })
  return Number(updated) === 1
}

/**
 * Turns TOTP on once the member proved they hold `secret` (a current code); replaces any earlier
 * recovery codes and returns the ten new ones (shown once, stored only hashed). Null when the
 * code does not match.
 */
export async function enableTwoFactor(
  user: StaffUser,
  secret: string,
  token: string
): Promise<string[] | null> {
  const step = await matchingStep(secret, token.replaceAll(/\s/g, ''), null)
  if (step === null) return null
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await db.transaction(async (trx) => {
    user.useTransaction(trx)
    user.merge({
      totpSecret: encryptSecret(secret),
      totpEnabledAt: DateTime.now(),
      totpLastStep: step,
    })
    await user.save()
    await trx.from('staff_recovery_codes').where('staff_user_id', user.id).delete()
    await trx
      .table('staff_recovery_codes')
      .multiInsert(
        codes.map((code) => ({ staff_user_id: user.id, code_hash: hashRecoveryCode(code) }))
      )
  })
  return codes
}
