import { findPublic } from '#campaigns/campaign_service'
import type Campaign from '#campaigns/models/campaign'
import { campaignRecordOf } from '#voting/campaign_record'
import { flushOutbox } from '#ledger/outbox/outbox'
import type { CampaignDefinition } from '@civic-budget/protocol/tx'
import { intakeSettings } from '#voting/intake/settings'
import { MESSAGES, refusal, type Refusal } from '#voting/intake/refusals'

/*
| A campaign's ballots go to the ledger only after its `campaign` tx is committed (the replicas
| would refuse them as `unknown_campaign`). The committed definition — registrar key, voting
| window, pots and projects, exactly as the replicas check them — is also what the intake's cheap
| checks use. Committed definitions are immutable: cached for the life of the process.
*/
const committed = new Map<number, CampaignDefinition>()
let flushing: Promise<unknown> | null = null

export type Gate = { ok: true; definition: CampaignDefinition } | { ok: false; refusal: Refusal }

function notReady(details: Record<string, unknown>): Gate {
  const answer = refusal(503, 'ledger_unavailable', MESSAGES.ledger_unavailable, details)
  return {
    ok: false,
    refusal: { ...answer, retryAfterSeconds: intakeSettings().retryAfterSeconds },
  }
}

export async function ledgerDefinition(campaignId: number): Promise<Gate> {
  const known = committed.get(campaignId)
  if (known) return { ok: true, definition: known }
  let record = await campaignRecordOf(campaignId)
  if (!record) return notReady({ campaignRecord: 'missing' })
  if (record.status === 'queued' || record.status === 'submitted') {
    // One flush pass at a time, shared by every request that needs one.
    flushing ??= flushOutbox({ commitWaitMs: intakeSettings().campaignFlushWaitMs })
      .catch(() => null)
      .finally(() => {
        flushing = null
      })
    await flushing
    record = await campaignRecordOf(campaignId)
  }
  if (record?.status !== 'committed') return notReady({ campaignRecord: record?.status })
  committed.set(campaignId, record.definition)
  return { ok: true, definition: record.definition }
}

/*
| The campaign row (its stage) is read at most once per `CAMPAIGN_TTL_MS` per campaign: a stage
| change reaches the intake within that time (the ledger's window is what the replicas enforce).
| Only public campaigns are kept, and at most `CAMPAIGNS_KEPT` (ids come from the URL).
*/
const CAMPAIGN_TTL_MS = 1_000
const CAMPAIGNS_KEPT = 1_000
const campaigns = new Map<number, { at: number; campaign: Promise<Campaign | null> }>()

export function publicCampaign(campaignId: number): Promise<Campaign | null> {
  const now = Date.now()
  const cached = campaigns.get(campaignId)
  if (cached && now - cached.at < CAMPAIGN_TTL_MS) return cached.campaign
  const campaign = findPublic(campaignId)
  if (campaigns.size >= CAMPAIGNS_KEPT) campaigns.clear()
  campaigns.set(campaignId, { at: now, campaign })
  // Not found or failed: not kept, so junk ids cannot fill the map and errors are not cached.
  campaign.then(
    (found) => found || campaigns.delete(campaignId),
    () => campaigns.delete(campaignId)
  )
  return campaign
}

/** Forgets cached definitions and campaign rows (tests that change or recreate campaigns). */
export function forgetCampaignDefinitions(): void {
  committed.clear()
  campaigns.clear()
}
