import { isVotingOpen } from '#campaigns/campaign_service'
import { ledgerClient } from '#ledger/ledger'
import { ballotHash as hashBallot, txHash } from '@civic-budget/protocol/ballot'
import { encodeBallotTx } from '@civic-budget/protocol/pb'
import { AEAD_TAG_BYTES } from '@civic-budget/protocol/encrypted_ballot'
import { base64ToBytes, bytesToHex } from '@civic-budget/protocol/bytes'
import { checkChoices, type RuleViolation } from '@civic-budget/protocol/rules'
import {
  campaignsWithPending,
  findBallot,
  markCommitted,
  markRejected,
  type BallotRow,
} from '#voting/intake/ballot_store'
import { admit, recordShed, releaseSlot } from '#voting/intake/admission'
import { flightOf, stopActors, submitToActor, wakeCampaign } from '#voting/intake/campaign_actor'
import {
  forgetCampaignDefinitions,
  ledgerDefinition,
  publicCampaign,
} from '#voting/intake/campaign_gate'
import type { Outcome } from '#voting/intake/flight'
import { checkBallotReceipt } from '#voting/intake/receipts'
import { MESSAGES, refusal, refusalForStoredReason, type Refusal } from '#voting/intake/refusals'
import { intakeSettings } from '#voting/intake/settings'
import { closeVerifyPool } from '#voting/intake/verify_pool'
import { forgetIntakeEncryption, intakeEncryption } from '#voting/intake/campaign_encryption'
import {
  decodeSubmittedBallot,
  type SubmittedBallot,
  type SubmittedBallotError,
} from '#voting/intake/submitted_ballot'
import type { EncryptionKey } from '#voting/intake/verify_worker'

/*
| Ballot intake, the module's surface for the controller (app/voting/README.md "Ballot intake").
|
|   castBallot: shape → campaign (404) → campaignId matches → stage (409, or the stored answer
|   of a known ballot) → committed campaign tx (503) → window (409, idem) → ballot version of the
|   campaign (422 encrypted_campaign / not_encrypted_campaign) → rules (v1) or padded length (v2)
|   (422) → admission (503) → campaign actor → wait for the batch's commit (≤ responseWaitMs) →
|   200 {receipt} | 202 pending | error.
*/
export type Answer =
  | { status: 200; body: { receipt: Record<string, unknown> } }
  | { status: 202; body: { ballotHash: string; status: 'pending' } }
  | { status: number; refusal: Refusal }

export interface CastInput {
  campaignId: number
  ballot: unknown
  signature: unknown
  channel: 'online' | 'terminal'
  terminalId: number | null
}

const SIGNATURE_BYTES = 64
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function refused(r: Refusal): Answer {
  return { status: r.status, refusal: r }
}

function invalid(field: string, code: string, message: string): Answer {
  return refused(
    refusal(422, 'validation_failed', MESSAGES.validation_failed, {
      errors: [{ field, rule: code, message }],
    })
  )
}

function decodeBase64(value: unknown): Uint8Array | null {
  if (typeof value !== 'string' || value.length === 0) return null
  try {
    return base64ToBytes(value)
  } catch {
    return null
  }
}

function answerFromRow(row: BallotRow): Answer {
  if (row.status === 'committed' && row.receipt) {
    return { status: 200, body: { receipt: row.receipt } }
  }
  if (row.status === 'rejected') return refused(refusalForStoredReason(row.reason ?? ''))
  return { status: 202, body: { ballotHash: row.ballotHash, status: 'pending' } }
}

function answerFromOutcome(outcome: Outcome, ballotHash: string): Answer {
  switch (outcome.kind) {
    case 'committed':
      return { status: 200, body: { receipt: outcome.receipt } }
    case 'pending':
      return { status: 202, body: { ballotHash, status: 'pending' } }
    case 'refused':
      return refused(outcome.refusal)
  }
}

function ruleViolations(
  choices: { projectId: number; weight: number }[],
  definition: Parameters<typeof checkChoices>[1]
): (RuleViolation | { potId: null; code: 'empty_ballot' })[] {
  const violations: (RuleViolation | { potId: null; code: 'empty_ballot' })[] = checkChoices(
    choices,
    definition
  )
  // The replicas also refuse a ballot that chooses nothing.
  if (choices.length === 0) violations.push({ potId: null, code: 'empty_ballot' })
  return violations
}

/**
 * The ballot version the campaign takes (v2 iff encrypted) and the checks that need no secret and
 * no CPU: the rules of a ballot in clear, the padded length of an encrypted one (its proof,
 * signature and credential are checked in the verify pool). The key for the pool, or the refusal.
 */
async function encryptionFor(
  submitted: SubmittedBallot,
  definition: Parameters<typeof intakeEncryption>[0]
): Promise<{ ok: true; key: EncryptionKey | null } | { ok: false; refusal: Refusal }> {
  const state = await intakeEncryption(definition)
  const no = (status: number, code: keyof typeof MESSAGES, details?: Record<string, unknown>) => ({
    ok: false as const,
    refusal: refusal(status, code, MESSAGES[code], details),
  })
  if (!state.encrypted) {
    if (submitted.version === 2) return no(422, 'not_encrypted_campaign')
    const violations = ruleViolations(submitted.ballot.choices, definition)
    if (violations.length > 0) return no(422, 'rule_violation', { violations })
    return { ok: true, key: null }
  }
  if (!state.key) return no(409, 'voting_closed', { ceremony: state.status })
  if (submitted.version === 1) return no(422, 'encrypted_campaign')
  const expected = state.key.paddedLength + AEAD_TAG_BYTES
  const actual = submitted.ballot.encrypted.ciphertext.length
  if (actual !== expected) return no(422, 'wrong_length', { expected, actual })
  return { ok: true, key: state.key }
}

/** The stored answer of a ballot already known (identical bytes again), else `otherwise`. */
async function answerKnown(ballotHash: string, otherwise: Refusal): Promise<Answer> {
  const known = await findBallot(ballotHash)
  return known ? answerFromRow(known) : refused(otherwise)
}

export async function castBallot(input: CastInput): Promise<Answer> {
  // 1. shape: base64 of canonical CBOR; a 64-byte signature
  const ballotBytes = decodeBase64(input.ballot)
  if (!ballotBytes) return invalid('ballot', 'base64', 'ballot must be base64 of the ballot bytes')
  const signature = decodeBase64(input.signature)
  if (!signature || signature.length !== SIGNATURE_BYTES) {
    return invalid('signature', 'base64', 'signature must be base64 of 64 bytes')
  }
  let submitted: SubmittedBallot
  try {
    submitted = decodeSubmittedBallot(ballotBytes)
  } catch (error) {
    const e = error as SubmittedBallotError
    return invalid('ballot', e.code, e.message)
  }
  const ballot = submitted.ballot

  // 2. campaign (cached for a second: one database round trip per campaign, not per ballot)
  const campaign = await publicCampaign(input.campaignId)
  if (!campaign) return refused(refusal(404, 'not_found', 'Not found'))
  if (ballot.campaignId !== campaign.id) {
    return invalid('ballot', 'wrong_campaign', 'the ballot is for another campaign')
  }

  // 3. cheap checks against what the replicas will check. A closed campaign still answers a
  // ballot it already knows (identical bytes again: the stored answer); while it is open, a known
  // ballot is recognised by the actor (its voter key) or by the insert, without a lookup here.
  const ballotHash = hashBallot(ballotBytes)
  if (!isVotingOpen(campaign)) {
    return answerKnown(
      ballotHash,
      refusal(409, 'voting_closed', MESSAGES.voting_closed, { stage: campaign.stage })
    )
  }
  const gate = await ledgerDefinition(campaign.id)
  if (!gate.ok) return refused(gate.refusal)
  const definition = gate.definition
  const now = Date.now()
  if (now < definition.votingOpensAtMs || now >= definition.votingClosesAtMs) {
    return answerKnown(
      ballotHash,
      refusal(409, 'voting_closed', MESSAGES.voting_closed, {
        stage: campaign.stage,
        window: now < definition.votingOpensAtMs ? 'not_open' : 'closed',
      })
    )
  }
  const encryption = await encryptionFor(submitted, definition)
  if (!encryption.ok) return refused(encryption.refusal)

  // 4. the campaign actor (bounded by what can be committed within the latency target)
  if (!admit(campaign.id)) {
    return refused({
      ...refusal(503, 'overloaded', MESSAGES.overloaded),
      retryAfterSeconds: recordShed(),
    })
  }
  // The same tx for both versions (the bytes were decoded above).
  const tx = encodeBallotTx(ballotBytes, signature)
  let reply: Awaited<ReturnType<typeof submitToActor>>
  try {
    reply = await submitToActor(
      {
        campaignId: campaign.id,
        ballotHash,
        txHash: txHash(tx),
        voterKey: bytesToHex(ballot.voterKey),
        ballotBytes,
        signature,
        tx,
        channel: input.channel,
        terminalId: input.terminalId,
      },
      { registrarPublicKey: definition.registrarPublicKey, encryption: encryption.key }
    )
  } catch (error) {
    releaseSlot(campaign.id)
    throw error
  }
  if ('outcome' in reply) return answerFromOutcome(reply.outcome, ballotHash)
  if ('known' in reply) {
    const row = await findBallot(ballotHash)
    return row
      ? answerFromRow(row)
      : refused(refusal(409, 'duplicate_voter', MESSAGES.duplicate_voter))
  }
  const { flight } = reply
  const timeout = sleep(intakeSettings().responseWaitMs).then(() => null)
  const outcome = await Promise.race([flight.done, timeout])
  if (outcome) return answerFromOutcome(outcome, ballotHash)
  // Not committed yet: answer 202 only once the pending row exists (GET /ballots/:hash finds it).
  const stored = await flight.stored
  return stored
    ? { status: 202, body: { ballotHash, status: 'pending' } }
    : answerFromOutcome(await flight.done, ballotHash)
}

export type BallotStatusAnswer =
  | { status: 'committed'; receipt: Record<string, unknown> }
  | { status: 'pending' }
  | { status: 'rejected'; reason: string }

/** When each pending ballot was last looked up on the replicas for GET (bounded). */
const lookedUp = new Map<string, number>()
const LOOKUP_EVERY_MS = 1_000

function dueForLookup(ballotHash: string): boolean {
  const now = Date.now()
  if (now - (lookedUp.get(ballotHash) ?? 0) < LOOKUP_EVERY_MS) return false
  if (lookedUp.size >= 10_000) lookedUp.clear()
  lookedUp.set(ballotHash, now)
  return true
}

/**
 * GET /ballots/:hash[?wait=<s>], a long poll: a pending ballot is held until its verdict or until
 * `waitMs` (at most `statusWaitMs`) — one request per voter that lost its POST, never a polling
 * loop. A ballot this process follows waits on its pipeline; one followed elsewhere (another app
 * node) is re-read from PostgreSQL, where that node records the verdict, every
 * `ROW_RECHECK_MS`; one nobody follows (the app restarted, the follow window ended) is looked up on
 * the replicas at most once a second per ballot, and submitted again (same bytes) if no replica
 * knows it `resubmitAfterMs` after it was stored.
 */
export async function ballotStatus(
  ballotHash: string,
  waitMs = intakeSettings().statusDefaultWaitMs
): Promise<BallotStatusAnswer | null> {
  if (!/^[0-9a-f]{64}$/.test(ballotHash)) return null
  const deadline = Date.now() + Math.min(Math.max(0, waitMs), intakeSettings().statusWaitMs)
  for (;;) {
    const flight = flightOf(ballotHash)
    if (flight) await Promise.race([flight.done, sleep(Math.max(0, deadline - Date.now()))])
    let row = await findBallot(ballotHash)
    if (!row) return null
    if (row.status === 'pending' && !flightOf(ballotHash) && dueForLookup(ballotHash)) {
      await lookUpOnLedger(row)
      row = (await findBallot(ballotHash))!
    }
    if (row.status === 'committed' && row.receipt) {
      return { status: 'committed', receipt: row.receipt }
    }
    if (row.status === 'rejected') {
      return { status: 'rejected', reason: refusalForStoredReason(row.reason ?? '').code }
    }
    const left = deadline - Date.now()
    if (left <= 0) return { status: 'pending' }
    if (!flightOf(ballotHash)) await sleep(Math.min(ROW_RECHECK_MS, left))
  }
}

const ROW_RECHECK_MS = 500

/** A pending ballot nobody here follows: its status on the replicas recorded, or resubmitted. */
async function lookUpOnLedger(row: BallotRow) {
  const client = ledgerClient()
  const st = await client.txStatus(row.txHash, { checkReceipt: checkBallotReceipt })
  if (st.status === 'committed') {
    await markCommitted([{ ballotHash: row.ballotHash, height: st.height, receipt: st.receipt }])
  } else if (st.status === 'rejected') {
    await markRejected([{ ballotHash: row.ballotHash, reason: st.reason }])
  } else if (
    st.status === 'unknown' &&
    Date.now() - row.createdAt.getTime() > intakeSettings().resubmitAfterMs
  ) {
    const [result] = await client.submitMany([row.tx])
    if (result.outcome === 'rejected') {
      await markRejected([{ ballotHash: row.ballotHash, reason: result.reason }])
    }
  }
}

/** Boot (web): campaigns with pending ballots get their actors, which follow those ballots. */
export async function resumePendingBallots(): Promise<number> {
  const campaigns = await campaignsWithPending()
  for (const id of campaigns) wakeCampaign(id)
  return campaigns.length
}

/** Stops the actors and the verify pool (shutdown; tests use it to simulate an app restart). */
export async function resetIntake(): Promise<void> {
  stopActors()
  forgetCampaignDefinitions()
  forgetIntakeEncryption()
  await closeVerifyPool()
  await sleep(0)
}
