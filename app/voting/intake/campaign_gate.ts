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

/** Forgets cached definitions (tests that recreate campaigns under reused ids). */
export function forgetCampaignDefinitions(): void {
  committed.clear()
}
