/**
 * The voting page's ballot state machine (protocol.md "Credential", "Ballot"; app/voting/README.md
 * "Pages"). Every step is written to the store before the next request, so a reload or a dropped
 * connection resumes where it stopped:
 *
 *   keyed ──credential──▶ credentialed ──random delay, build, sign──▶ signed ──POST──▶ done
 *                                                                      │  ▲ 202        ▲
 *                                                                      ▼  │ unknown    │ committed
 *                                                                     pending ─long poll┘
 *
 * - `keyed`: voter key made and blinded point B fixed (with its r). Retrying the credential request
 *   sends the same B (the registrar's safe retry): a credential is never asked for twice with
 *   different points, and never for a second key.
 * - `credentialed`: credential unblinded and verified; the moment to send (`submitAfter`) is drawn
 *   once and stored, so a reload neither skips nor restarts the privacy delay.
 * - `signed`/`pending`: ballot bytes and signature are fixed; resending them is a safe retry.
 * - `done`: receipt stored; the secret key and r are erased.
 *
 * No DOM here (unit-tested in Node): crypto, HTTP, storage and time are injected.
 */
export type VoteStage = 'keyed' | 'credentialed' | 'signed' | 'pending' | 'done'

export interface Choice {
  projectId: number
  weight: number
}

/** A receipt as protocol.md "Receipt" (checked in full by the check page). */
export interface ReceiptLike {
  ballotHash: string
  [key: string]: unknown
}

export interface VoteRecord {
  /** `${campaignId}:${residentId}`: one ballot per campaign and person on this device */
  id: string
  campaignId: number
  stage: VoteStage
  choices: Choice[]
  age: number | null
  /** hex Ed25519 public key */
  voterKey: string
  /** opaque to this module (a non-extractable CryptoKey, or a seed where WebCrypto lacks Ed25519) */
  secret: unknown
  blinded: string
  /** hex blinding scalar, null once unblinded */
  r: string | null
  credential?: string
  submitAfter?: number
  ballot?: string
  signature?: string
  ballotHash?: string
  receipt?: ReceiptLike
  updatedAt: number
}

/**
 * An encrypted campaign's public `encryption` (protocol.md "The public campaign"): the choices are
 * encrypted to the election key (ballot v2) and only t trustees together can open them after the close.
 */
export interface BallotEncryption {
  /** hex, 32 bytes (ristretto255) */
  electionKey: string
  paddedLength: number
  threshold: number
  trustees: number
}

export interface VoteCrypto {
  newVoterKey(): Promise<{ publicKey: string; secret: unknown }>
  blind(campaignId: number, voterKey: string): { blinded: string; r: string }
  /** Unblinds and verifies; throws when the answer is not a valid credential. */
  finishCredential(
    registrarKey: string,
    campaignId: number,
    voterKey: string,
    blindSignature: string,
    r: string
  ): string
  /** Ballot v1, or v2 (choices encrypted) when `encryption` is given. */
  buildBallot(
    campaignId: number,
    choices: Choice[],
    voterKey: string,
    credential: string,
    encryption: BallotEncryption | null
  ): { ballot: string; ballotHash: string }
  sign(secret: unknown, ballot: string): Promise<string>
}

/** One HTTP answer (`status` 0 = no answer: network error). */
export interface Answer {
  status: number
  body: Record<string, any> | null
  retryAfterSeconds: number | null
}

export interface VoteApi {
  credential(campaignId: number, blinded: string, age: number | null): Promise<Answer>
  submitBallot(campaignId: number, ballot: string, signature: string): Promise<Answer>
  ballotStatus(ballotHash: string): Promise<Answer>
}

export interface VoteStore {
  get(id: string): Promise<VoteRecord | undefined>
  put(record: VoteRecord): Promise<void>
}

export type Progress =
  | { step: 'credential' }
  | { step: 'waiting'; until: number }
  | { step: 'signing' }
  | { step: 'submitting' }
  | { step: 'committing' }
  | { step: 'retrying'; seconds: number }
  | { step: 'done' }

export interface VoteDeps {
  crypto: VoteCrypto
  api: VoteApi
  store: VoteStore
  now(): number
  sleep(ms: number): Promise<void>
  random(): number
  /** the privacy delay between credential and ballot */
  delay: { minMs: number; maxMs: number }
  onProgress?(progress: Progress): void
  /** network failures / 5xx tolerated in a row before giving up (the page offers "try again") */
  maxAttempts?: number
  /**
   * Least time between two status requests. The server holds each one until the verdict (a long
   * poll, `?wait=`), so this only matters when an answer comes back early without one.
   */
  pollIntervalMs?: number
}

/** A stop the page explains: `code` is the server's error code or one of ours. */
export class VoteError extends Error {
  constructor(
    readonly code: string,
    readonly details: Record<string, unknown> | null = null,
    /** the same call may succeed later (network, overload): the page offers "try again" */
    readonly retryable = false
  ) {
    super(code)
  }
}

export function recordId(campaignId: number, residentId: number): string {
  return `${campaignId}:${residentId}`
}

/**
 * The record to continue with: the stored one when it exists (never a second key), with the
 * choices and age replaced while no ballot has been built yet; else a fresh key and blinded point.
 */
export async function startVote(
  deps: VoteDeps,
  input: { campaignId: number; residentId: number; choices: Choice[]; age: number | null }
): Promise<VoteRecord> {
  const id = recordId(input.campaignId, input.residentId)
  const existing = await deps.store.get(id)
  if (existing) {
    if (existing.stage === 'keyed' || existing.stage === 'credentialed') {
      const updated = { ...existing, choices: input.choices, age: input.age, updatedAt: deps.now() }
      await deps.store.put(updated)
      return updated
    }
    return existing
  }
  const { publicKey, secret } = await deps.crypto.newVoterKey()
  const { blinded, r } = deps.crypto.blind(input.campaignId, publicKey)
  const record: VoteRecord = {
    id,
    campaignId: input.campaignId,
    stage: 'keyed',
    choices: input.choices,
    age: input.age,
    voterKey: publicKey,
    secret,
    blinded,
    r,
    updatedAt: deps.now(),
  }
  await deps.store.put(record)
  return record
}

/**
 * Runs the record to `done` (returns it) or throws `VoteError`. `encryption`: the campaign's, when
 * its ballots are encrypted (the choices were checked against the rules before; they leave the
 * browser only as ciphertext).
 */
export async function advance(
  deps: VoteDeps,
  start: VoteRecord,
  registrarKey: string,
  encryption: BallotEncryption | null = null
): Promise<VoteRecord> {
  let record = start
  const save = async (changes: Partial<VoteRecord>) => {
    record = { ...record, ...changes, updatedAt: deps.now() }
    await deps.store.put(record)
  }
  for (;;) {
    switch (record.stage) {
      case 'keyed': {
        deps.onProgress?.({ step: 'credential' })
        const answer = await withRetries(deps, () =>
          deps.api.credential(record.campaignId, record.blinded, record.age)
        )
        if (answer.status !== 200) throw errorOf(answer)
        let credential: string
        try {
          credential = deps.crypto.finishCredential(
            registrarKey,
            record.campaignId,
            record.voterKey,
            String(answer.body?.blindSignature),
            record.r!
          )
        } catch {
          throw new VoteError('bad_credential')
        }
        const { minMs, maxMs } = deps.delay
        const wait = Math.round(minMs + deps.random() * Math.max(0, maxMs - minMs))
        await save({ stage: 'credentialed', credential, r: null, submitAfter: deps.now() + wait })
        break
      }
      case 'credentialed': {
        const until = record.submitAfter ?? 0
        if (deps.now() < until) {
          deps.onProgress?.({ step: 'waiting', until })
          await deps.sleep(until - deps.now())
        }
        deps.onProgress?.({ step: 'signing' })
        const { ballot, ballotHash } = deps.crypto.buildBallot(
          record.campaignId,
          record.choices,
          record.voterKey,
          record.credential!,
          encryption
        )
        const signature = await deps.crypto.sign(record.secret, ballot)
        await save({ stage: 'signed', ballot, signature, ballotHash })
        break
      }
      case 'signed': {
        deps.onProgress?.({ step: 'submitting' })
        const answer = await withRetries(deps, () =>
          deps.api.submitBallot(record.campaignId, record.ballot!, record.signature!)
        )
        if (answer.status === 200) await finish(answer.body?.receipt)
        else if (answer.status === 202) await save({ stage: 'pending' })
        else throw errorOf(answer)
        break
      }
      case 'pending': {
        deps.onProgress?.({ step: 'committing' })
        const asked = deps.now()
        const answer = await withRetries(deps, () => deps.api.ballotStatus(record.ballotHash!))
        if (answer.status === 404) {
          await save({ stage: 'signed' }) // the app lost it: resend the same bytes
        } else if (answer.status !== 200) {
          throw errorOf(answer)
        } else if (answer.body?.status === 'committed') {
          await finish(answer.body.receipt)
        } else if (answer.body?.status === 'rejected') {
          throw new VoteError(String(answer.body.reason ?? 'rejected'))
        } else {
          // Still pending when the server let the held request go: ask again (held again).
          const gap = (deps.pollIntervalMs ?? 1500) - (deps.now() - asked)
          if (gap > 0) await deps.sleep(gap)
        }
        break
      }
      case 'done':
        deps.onProgress?.({ step: 'done' })
        return record
    }
  }

  async function finish(receipt: unknown) {
    const r = receipt as ReceiptLike | undefined
    if (!r || r.ballotHash !== record.ballotHash) throw new VoteError('bad_receipt', null, true)
    // The key can sign nothing useful any more (one ballot per key), but keep nothing not needed.
    await save({ stage: 'done', receipt: r, secret: null, r: null })
  }
}

/**
 * Network failures, 429 and 5xx are retried after Retry-After when given, else a back-off, with
 * jitter (× 0.5–1.5): voters shed together by an overloaded intake do not all come back at once.
 */
async function withRetries(deps: VoteDeps, call: () => Promise<Answer>): Promise<Answer> {
  const maxAttempts = deps.maxAttempts ?? 6
  for (let attempt = 1; ; attempt++) {
    const answer = await call()
    const transient = answer.status === 0 || answer.status === 429 || answer.status >= 500
    if (!transient) return answer
    if (attempt >= maxAttempts) {
      const code = answer.status === 0 ? 'network' : String(answer.body?.error ?? 'unavailable')
      throw new VoteError(code, null, true)
    }
    const base = answer.retryAfterSeconds ?? Math.min(30, 2 ** (attempt - 1))
    const seconds = Math.round(base * (0.5 + deps.random()) * 10) / 10
    deps.onProgress?.({ step: 'retrying', seconds })
    await deps.sleep(seconds * 1000)
  }
}

function errorOf(answer: Answer): VoteError {
  const body = answer.body ?? {}
  const details = (
    body.details && typeof body.details === 'object' ? body.details : null
  ) as Record<string, unknown> | null
  return new VoteError(String(body.error ?? `http_${answer.status}`), details)
}
