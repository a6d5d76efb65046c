import { intakeSettings } from '#voting/intake/settings'

/*
| Bounded admission (app/voting/README.md "Bounds"): a ballot is admitted only if it can be
| committed within the latency target; the rest are answered at once with 503 + Retry-After.
|
| By Little's law a ballot admitted now waits about (ballots in flight) / (commit rate). So the
| ballots in flight on this node are capped at `commit rate × admissionTargetMs`, the rate being
| what this node committed over the last `RATE_WINDOW_MS`, and never below `admissionFloor` (a
| cold or idle node must admit enough to measure its rate: while the pipeline's own latency is
| below the target, each round admits more than the last, up to the machine's capacity). The
| counts `maxPendingPerCampaign` / `maxPendingGlobal` stay as hard caps on memory.
|
| Shedding must stay cheap and must not invite a retry storm: `hasRoom()` lets the ballot
| middleware refuse before the body is even read, and `retryAfterSeconds()` grows with the shed
| rate relative to the commit rate (voters told to come back in 2 s while ten times more are shed
| than committed would come back ten times too often): base × shed rate / commit rate, between
| the configured base and `RETRY_AFTER_MAX_S`.
*/
const RATE_WINDOW_MS = 3_000
const BUCKET_MS = 250

const RETRY_AFTER_MAX_S = 30

const slots = { global: 0, perCampaign: new Map<number, number>() }

/** Events per `BUCKET_MS` bucket, keyed by bucket number; only the last `RATE_WINDOW_MS` count. */
class RateMeter {
  #buckets = new Map<number, number>()

  record(now: number) {
    const bucket = Math.floor(now / BUCKET_MS)
    this.#buckets.set(bucket, (this.#buckets.get(bucket) ?? 0) + 1)
  }

  perSecond(now: number): number {
    const oldest = Math.floor((now - RATE_WINDOW_MS) / BUCKET_MS)
    let sum = 0
    for (const [bucket, count] of this.#buckets) {
      if (bucket <= oldest) this.#buckets.delete(bucket)
      else sum += count
    }
    return (sum * 1000) / RATE_WINDOW_MS
  }

  clear() {
    this.#buckets.clear()
  }
}

const commits = new RateMeter()
const sheds = new RateMeter()

/** Ballots committed per second on this node, over the last `RATE_WINDOW_MS`. */
export function commitRate(now = Date.now()): number {
  return commits.perSecond(now)
}

/** Counts a committed ballot for the rate (called when its flight settles as committed). */
export function recordCommit(now = Date.now()): void {
  commits.record(now)
}

/** Counts a ballot answered 503 `overloaded`; returns the Retry-After to send with it. */
export function recordShed(now = Date.now()): number {
  sheds.record(now)
  return retryAfterSeconds(now)
}

/** Retry-After for a shed ballot: the base, stretched while far more are shed than committed. */
export function retryAfterSeconds(now = Date.now()): number {
  const base = intakeSettings().retryAfterSeconds
  const ratio = sheds.perSecond(now) / Math.max(1, commits.perSecond(now))
  return Math.min(RETRY_AFTER_MAX_S, Math.max(base, Math.ceil(base * ratio)))
}

/** How many ballots this node may hold in flight right now. */
export function admissionLimit(): number {
  const settings = intakeSettings()
  const byLatency = Math.max(
    settings.admissionFloor,
    Math.floor((commitRate() * settings.admissionTargetMs) / 1000)
  )
  return Math.min(byLatency, settings.maxPendingGlobal)
}

/** Whether this node admits another ballot at all (checked before the request body is read). */
export function hasRoom(): boolean {
  return slots.global < admissionLimit()
}

/** Takes an admission slot, or returns false (→ 503) when a bound is reached. */
export function admit(campaignId: number): boolean {
  const mine = slots.perCampaign.get(campaignId) ?? 0
  if (slots.global >= admissionLimit() || mine >= intakeSettings().maxPendingPerCampaign) {
    return false
  }
  slots.global++
  slots.perCampaign.set(campaignId, mine + 1)
  return true
}

export function releaseSlot(campaignId: number): void {
  slots.global = Math.max(0, slots.global - 1)
  const mine = (slots.perCampaign.get(campaignId) ?? 1) - 1
  if (mine <= 0) slots.perCampaign.delete(campaignId)
  else slots.perCampaign.set(campaignId, mine)
}

export function slotsInUse(): number {
  return slots.global
}

/** Forgets slots and the measured rate (app shutdown; tests simulate a restart). */
export function resetAdmission(): void {
  slots.global = 0
  slots.perCampaign.clear()
  commits.clear()
  sheds.clear()
}
