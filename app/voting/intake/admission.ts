import { intakeSettings } from '#voting/intake/settings'

/*
| Bounded admission (app/voting/README.md "Bounds"): a ballot is admitted only if it can be
| committed within the latency target; the rest are answered at once with 503 + Retry-After.
|
| By Little's law a ballot admitted now takes about (ballots in flight) / (commit rate) to its
| receipt. The pipeline itself needs some time however short the queue (batching, verification,
| a consensus round: `base`, the fastest admission → commit of the last `RATE_WINDOW_MS`, as BBR
| takes the minimum round trip). So the ballots in flight on this node are capped at
| `commit rate × (base + admissionTargetMs)` — queueing stays within the target — and never below
| `admissionFloor` (a cold or idle node must admit enough to measure its rate; each round then
| admits more than the last, up to what the machine commits). `maxPendingPerCampaign` /
| `maxPendingGlobal` stay as hard caps on memory.
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

/**
 * Events per `BUCKET_MS` bucket (with the least value recorded in it), keyed by bucket number;
 * only the last `RATE_WINDOW_MS` count.
 */
class RateMeter {
  #buckets = new Map<number, { count: number; least: number }>()

  record(now: number, value = Infinity) {
    const key = Math.floor(now / BUCKET_MS)
    const bucket = this.#buckets.get(key)
    if (bucket) {
      bucket.count++
      bucket.least = Math.min(bucket.least, value)
    } else this.#buckets.set(key, { count: 1, least: value })
  }

  #live(now: number) {
    const oldest = Math.floor((now - RATE_WINDOW_MS) / BUCKET_MS)
    for (const key of this.#buckets.keys()) if (key <= oldest) this.#buckets.delete(key)
    return this.#buckets.values()
  }

  perSecond(now: number): number {
    let sum = 0
    for (const bucket of this.#live(now)) sum += bucket.count
    return (sum * 1000) / RATE_WINDOW_MS
  }

  /** The least value recorded in the window (Infinity when none). */
  least(now: number): number {
    let least = Infinity
    for (const bucket of this.#live(now)) least = Math.min(least, bucket.least)
    return least
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

/** The pipeline's base latency: the fastest admission → commit in the window (0 when none). */
export function baseLatencyMs(now = Date.now()): number {
  const least = commits.least(now)
  return Number.isFinite(least) ? least : 0
}

/**
 * Counts a committed ballot for the rate, with how long it took since it was admitted (called
 * when its flight settles as committed).
 */
export function recordCommit(latencyMs: number, now = Date.now()): void {
  commits.record(now, latencyMs)
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
export function admissionLimit(now = Date.now()): number {
  const settings = intakeSettings()
  const window = baseLatencyMs(now) + settings.admissionTargetMs
  const byLatency = Math.max(settings.admissionFloor, Math.floor((commitRate(now) * window) / 1000))
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
