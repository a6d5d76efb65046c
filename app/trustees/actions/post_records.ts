import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import { bytesToHex, hexToBytes } from '@civic-budget/protocol/bytes'
import {
  dealingDefect,
  decodeComplaint,
  decodeDealing,
  decodeTrusteeKey,
  judgeComplaint,
  verifyTrusteeKey,
} from '@civic-budget/protocol/dkg'
import { queueCeremonyRecord } from '#trustees/record_queue'
import { advanceCeremony } from '#trustees/progress'
import {
  dealers,
  decodedState,
  ledgerProgress,
  recordsOf,
  type CeremonyKind,
  type CeremonyStatus,
  type StoredCeremony,
} from '#trustees/ceremony_state'
import type { TrusteeRow } from '#trustees/trustee_token'

/*
| A trustee's records, checked by the app before they are queued for the ledger (the replicas check
| them again): strict decoding, the trustee's own index and campaign, the proofs, the stage, once
| each. A refusal changes nothing. 422 = the record itself is wrong; 409 = not now.
*/
export type PostResult =
  | { outcome: 'ok' }
  | { outcome: 'refused'; status: 409 | 422; code: string; details?: Record<string, unknown> }

const refuse = (
  status: 409 | 422,
  code: string,
  details?: Record<string, unknown>
): PostResult => ({ outcome: 'refused', status, code, ...(details ? { details } : {}) })

class Refusal extends Error {
  constructor(readonly result: PostResult) {
    super('refused')
  }
}

/** Runs `work` on the trustee's ceremony, locked and advanced; refusals roll back. */
async function withCeremony(
  trustee: TrusteeRow,
  stage: CeremonyStatus,
  work: (stored: StoredCeremony, trx: TransactionClientContract) => Promise<void>
): Promise<PostResult> {
  try {
    return await db.transaction(async (trx) => {
      const stored = await advanceCeremony(trustee.campaignId, trx)
      if (!stored) return refuse(409, 'no_ceremony')
      if (stored.ceremony.status !== stage) {
        return refuse(409, 'wrong_stage', { status: stored.ceremony.status })
      }
      await work(stored, trx)
      await advanceCeremony(trustee.campaignId, trx)
      return { outcome: 'ok' as const }
    })
  } catch (error) {
    if (error instanceof Refusal) return error.result
    throw error
  }
}

function fail(status: 409 | 422, code: string, details?: Record<string, unknown>): never {
  throw new Refusal(refuse(status, code, details))
}

function decoded<T>(
  result: { ok: true; value: T } | { ok: false; error: Error & { code?: string } }
): T {
  if (!result.ok) fail(422, 'bad_record', { reason: result.error.code ?? 'malformed' })
  return result.value
}

async function queue(
  kind: CeremonyKind,
  trustee: TrusteeRow,
  payload: Uint8Array,
  trx: TransactionClientContract
): Promise<void> {
  const queued = await queueCeremonyRecord(trx, {
    campaignId: trustee.campaignId,
    kind,
    trusteeIndex: trustee.index,
    payload,
  })
  if (queued === 'no_ledger') fail(409, 'no_ledger')
  if (queued === 'duplicate') fail(422, 'already_posted')
}

/** My ceremony key: index and campaign mine, proof of knowledge valid, not posted before. */
export function postKey(trustee: TrusteeRow, recordHex: string): Promise<PostResult> {
  return withCeremony(trustee, 'keys', async (stored, trx) => {
    const payload = hexToBytes(recordHex)
    const key = decoded(decodeTrusteeKey(payload))
    if (key.campaignId !== trustee.campaignId) fail(422, 'wrong_campaign')
    if (key.index !== trustee.index) fail(422, 'wrong_trustee')
    if (!verifyTrusteeKey(key)) fail(422, 'bad_proof')
    // Until the restart is on the ledger the replicas would judge this key by the old ceremony.
    const progress = await ledgerProgress(trustee.campaignId, trx)
    if (progress.restartPending) fail(409, 'records_pending')
    if (recordsOf(stored, 'trustee-key').some((r) => r.trusteeIndex === trustee.index)) {
      fail(422, 'already_posted')
    }
    await queue('trustee-key', trustee, payload, trx)
    await trx
      .from('campaign_trustees')
      .where('id', trustee.id)
      .update({ ceremony_key: bytesToHex(key.ceremonyKey.toBytes()), updated_at: new Date() })
  })
}

/** My dealing, once every key is recorded: well-formed for these keys, mine, once. */
export function postDealing(trustee: TrusteeRow, recordHex: string): Promise<PostResult> {
  return withCeremony(trustee, 'dealing', async (stored, trx) => {
    const payload = hexToBytes(recordHex)
    const dealing = decoded(decodeDealing(payload))
    if (dealing.campaignId !== trustee.campaignId) fail(422, 'wrong_campaign')
    if (dealing.dealer !== trustee.index) fail(422, 'wrong_trustee')
    const { params } = decodedState(stored)
    if (!params) fail(409, 'wrong_stage')
    const defect = dealingDefect(params, dealing)
    if (defect) fail(422, 'bad_dealing', { reason: defect })
    if (dealers(stored).has(trustee.index)) fail(422, 'already_posted')
    await queue('dkg-dealing', trustee, payload, trx)
  })
}

/**
 * My review: a complaint (by me) for each dealing on record whose share for me is wrong — each one
 * a complaint that anyone can judge (not `invalid_complaint`); none when all were right. Once.
 */
export function postReview(trustee: TrusteeRow, complaintsHex: string[]): Promise<PostResult> {
  return withCeremony(trustee, 'review', async (stored, trx) => {
    const mine = stored.trustees.find((t) => t.index === trustee.index)
    if (mine?.reviewedAt) fail(422, 'already_posted')
    const state = decodedState(stored)
    const params = state.params!
    const seen = new Set<number>()
    const payloads: Uint8Array[] = []
    for (const [position, hex] of complaintsHex.entries()) {
      const payload = hexToBytes(hex)
      const complaint = decoded(decodeComplaint(payload))
      const at = { complaint: position }
      if (complaint.campaignId !== trustee.campaignId) fail(422, 'wrong_campaign', at)
      if (complaint.complainer !== trustee.index) fail(422, 'wrong_trustee', at)
      const dealing = state.dealings.find((d) => d.dealer === complaint.dealer)
      if (!dealing || complaint.dealer === trustee.index) fail(422, 'unknown_dealing', at)
      if (seen.has(complaint.dealer)) fail(422, 'duplicate_complaint', at)
      if (judgeComplaint(params, dealing, complaint) === 'invalid_complaint') {
        fail(422, 'bad_complaint', at)
      }
      seen.add(complaint.dealer)
      payloads.push(payload)
    }
    for (const payload of payloads) await queue('dkg-complaint', trustee, payload, trx)
    await trx
      .from('campaign_trustees')
      .where('id', trustee.id)
      .update({ reviewed_at: new Date(), updated_at: new Date() })
  })
}
