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
*/
const RATE_WINDOW_MS = 3_000
const BUCKET_MS = 250

const slots = { global: 0, perCampaign: new Map<number, number>() }
/** Commits per `BUCKET_MS` bucket, keyed by bucket number, the last `RATE_WINDOW_MS` kept. */
const commits = new Map<number, number>()

/** Ballots committed per second on this node, over the last `RATE_WINDOW_MS`. */
export function commitRate(now = Date.now()): number {
  const oldest = Math.floor((now - RATE_WINDOW_MS) / BUCKET_MS)
  let sum = 0
  for (const [bucket, count] of commits) {
    if (bucket <= oldest) commits.delete(bucket)
    else sum += count
  }
  return (sum * 1000) / RATE_WINDOW_MS
}

/** Counts a committed ballot for the rate (called when its flight settles as committed). */
export function recordCommit(now = Date.now()): void {
  const bucket = Math.floor(now / BUCKET_MS)
  commits.set(bucket, (commits.get(bucket) ?? 0) + 1)
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
}
