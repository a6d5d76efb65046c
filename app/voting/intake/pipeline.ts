import logger from '@adonisjs/core/services/logger'
import { ledgerClient } from '#ledger/ledger'
import type { SubmitResult } from '#ledger/ledger_client'
import { findBallot, insertPending, markCommitted, markRejected } from '#voting/intake/ballot_store'
import type { Flight } from '#voting/intake/flight'
import { checkBallotReceipt } from '#voting/intake/receipts'
import { rejectionText, type Rejection } from '@civic-budget/protocol/rejections'
import {
  MESSAGES,
  freesVoterKey,
  refusal,
  refusalForRejection,
  refusalForStoredReason,
} from '#voting/intake/refusals'
import { intakeSettings } from '#voting/intake/settings'
import { verifyInPool } from '#voting/intake/verify_pool'
import type { CampaignKeys, Verdict } from '#voting/intake/verify_worker'

/*
| What happens to a batch after the campaign actor lets it go (the actor never waits for it):
|
|   verify (piscina: Ed25519 + blst batch) → pending rows in PostgreSQL → ONE POST /txs per replica
|   → follow: poll the replicas (batched status queries, only when a replica's committed height
|     moved) → committed (receipt checked with the protocol library) | rejected (quorum) | still
|     pending after `followMs` (left to GET /ballots/:hash, which resubmits when needed).
|
| `settle(flight, outcome, freeKey)` is the actor's callback: it answers the waiting requests and
| tells the actor whether the voter key is free again.
*/
export type Settle = (
  flight: Flight,
  outcome: Parameters<Flight['settle']>[0],
  freeKey: boolean
) => void

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The highest committed height any replica reports, shared by every batch being followed: at most
 * one round of `GET /status` per `pollMs`, however many batches are in flight.
 */
let heightLook: { at: number; height: Promise<number> } | null = null
function committedHeight(): Promise<number> {
  const now = Date.now()
  if (heightLook && now - heightLook.at < intakeSettings().pollMs) return heightLook.height
  const height = ledgerClient()
    .status()
    .then((status) => Math.max(-1, ...status.replicas.map((r) => r.committedHeight ?? -1)))
  heightLook = { at: now, height }
  return height
}

const VERDICT_REFUSALS: Record<Exclude<Verdict, 'ok'>, () => ReturnType<typeof refusal>> = {
  malformed: () => refusal(422, 'validation_failed', MESSAGES.validation_failed),
  invalid_signature: () => refusal(422, 'invalid_signature', MESSAGES.invalid_signature),
  invalid_credential: () => refusal(422, 'invalid_credential', MESSAGES.invalid_credential),
  invalid_proof: () => refusal(422, 'invalid_proof', MESSAGES.invalid_proof),
  wrong_length: () => refusal(422, 'wrong_length', MESSAGES.wrong_length),
}

function overloaded() {
  return {
    ...refusal(503, 'overloaded', MESSAGES.overloaded),
    retryAfterSeconds: intakeSettings().retryAfterSeconds,
  }
}

export async function runBatch(keys: CampaignKeys, flights: Flight[], settle: Settle) {
  try {
    const verdicts = await verifyInPool({
      ...keys,
      items: flights.map((f) => ({
        ballotBytes: f.submission.ballotBytes,
        signature: f.submission.signature,
      })),
    })
    if (!verdicts) {
      for (const f of flights) settle(f, { kind: 'refused', refusal: overloaded() }, true)
      return
    }
    const valid: Flight[] = []
    flights.forEach((f, i) => {
      const verdict = verdicts[i]
      if (verdict === 'ok') valid.push(f)
      else settle(f, { kind: 'refused', refusal: VERDICT_REFUSALS[verdict]() }, true)
    })
    const inserted = await insertPending(valid.map((f) => f.submission))
    const toSubmit: Flight[] = []
    for (const f of valid) {
      if (inserted.has(f.submission.ballotHash)) {
        f.markStored(true)
        toSubmit.push(f)
        continue
      }
      // Not inserted: the same ballot is already stored (another app node, a recovered actor), or
      // its voter key has another live ballot (the database's one-per-voter index).
      const row = await findBallot(f.submission.ballotHash)
      if (row?.status === 'committed' && row.receipt) {
        settle(f, { kind: 'committed', receipt: row.receipt }, false)
      } else if (row?.status === 'pending') {
        f.markStored(true)
        toSubmit.push(f)
      } else if (row?.status === 'rejected') {
        settle(f, { kind: 'refused', refusal: refusalForStoredReason(row.reason ?? '') }, true)
      } else {
        const duplicate = refusal(409, 'duplicate_voter', MESSAGES.duplicate_voter)
        settle(f, { kind: 'refused', refusal: duplicate }, false)
      }
    }
    await submitAndFollow(toSubmit, settle)
  } catch (error) {
    logger.error({ err: error }, 'ballot intake: batch failed')
    for (const f of flights) {
      if (f.settled) continue
      // Stored rows stay pending (GET /ballots/:hash resubmits them); others may simply retry.
      const stored = f.isStored
      settle(f, stored ? { kind: 'pending' } : { kind: 'refused', refusal: overloaded() }, !stored)
    }
  }
}

/** Records the rejections (one statement), then answers their requests. */
async function applyRejections(rejected: { f: Flight; rejection: Rejection }[], settle: Settle) {
  await markRejected(
    rejected.map(({ f, rejection }) => ({
      ballotHash: f.submission.ballotHash,
      reason: rejectionText(rejection),
    }))
  )
  for (const { f, rejection } of rejected) {
    const answer = refusalForRejection(rejection)
    settle(f, { kind: 'refused', refusal: answer }, freesVoterKey(answer.code))
  }
}

async function submit(flights: Flight[], settle: Settle): Promise<Flight[]> {
  if (flights.length === 0) return []
  const results: SubmitResult[] = await ledgerClient().submitMany(
    flights.map((f) => f.submission.tx)
  )
  const kept: Flight[] = []
  const rejected: { f: Flight; rejection: Rejection }[] = []
  for (const [i, result] of results.entries()) {
    const f = flights[i]
    if (result.outcome === 'rejected') {
      rejected.push({ f, rejection: result.rejection })
    } else {
      // accepted, or unavailable (no replica has it yet: resubmitted while following)
      if (result.outcome === 'accepted') f.submittedAt = Date.now()
      kept.push(f)
    }
  }
  await applyRejections(rejected, settle)
  return kept
}

/** Submits the flights in one request per replica and follows them to a verdict (bounded). */
export async function submitAndFollow(flights: Flight[], settle: Settle) {
  const client = ledgerClient()
  const settings = intakeSettings()
  const submitted = await submit(flights, settle)
  const following = new Map(submitted.map((f) => [f.submission.txHash, f]))
  const deadline = Date.now() + settings.followMs
  let seenHeight = -1
  let lastLook = 0
  while (following.size > 0 && Date.now() < deadline) {
    await sleep(settings.pollMs)
    // Ask about the txs only when some replica committed a new block (or once a second anyway).
    const height = await committedHeight()
    if (height <= seenHeight && Date.now() - lastLook < 1_000) continue
    seenHeight = height
    lastLook = Date.now()
    const statuses = await client.txStatusMany([...following.keys()], {
      checkReceipt: checkBallotReceipt,
    })
    const lost: Flight[] = []
    const committed: { f: Flight; height: number; receipt: Record<string, unknown> }[] = []
    const rejected: { f: Flight; rejection: Rejection }[] = []
    for (const [txHash, st] of statuses) {
      const f = following.get(txHash)!
      if (st.status === 'committed') {
        following.delete(txHash)
        committed.push({ f, height: st.height, receipt: st.receipt })
      } else if (st.status === 'rejected') {
        following.delete(txHash)
        rejected.push({ f, rejection: st.rejection })
      } else if (st.status === 'unknown' && Date.now() - f.submittedAt > settings.resubmitAfterMs) {
        lost.push(f)
      }
    }
    await markCommitted(
      committed.map(({ f, ...verdict }) => ({ ballotHash: f.submission.ballotHash, ...verdict }))
    )
    for (const { f, receipt } of committed) settle(f, { kind: 'committed', receipt }, false)
    await applyRejections(rejected, settle)
    for (const f of lost) following.delete(f.submission.txHash)
    for (const f of await submit(lost, settle)) following.set(f.submission.txHash, f)
  }
  // Still pending: the rows stay `pending`; GET /ballots/:hash follows them from here.
  for (const f of following.values()) settle(f, { kind: 'pending' }, false)
}
