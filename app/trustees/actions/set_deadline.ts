import type { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { audit, type AuditActor } from '#shared/audit'
import { lockCeremonyRow } from '#trustees/ceremony_state'

export type SetDeadlineResult =
  { outcome: 'ok' } | { outcome: 'finished' } | { outcome: 'not_found' }

/**
 * An admin sets (or clears) the ceremony's deadline while it runs: after it, the ceremony can
 * finish without trustees who never dealt or reviewed. Not on the ledger: t and n are.
 */
export default async function setCeremonyDeadline(
  actor: AuditActor,
  campaignId: number,
  deadlineAt: DateTime | null
): Promise<SetDeadlineResult> {
  return db.transaction(async (trx) => {
    const ceremony = await lockCeremonyRow(trx, campaignId)
    if (!ceremony) return { outcome: 'not_found' as const }
    if (ceremony.status === 'complete' || ceremony.status === 'failed') {
      return { outcome: 'finished' as const }
    }
    const at = deadlineAt ? deadlineAt.toJSDate() : null
    await trx
      .from('campaign_ceremonies')
      .where('campaign_id', campaignId)
      .update({ deadline_at: at, updated_at: new Date() })
    await audit.record(
      actor,
      'trustees.deadline_set',
      { type: 'campaign', id: campaignId },
      { from: ceremony.deadlineAt, to: at },
      { client: trx }
    )
    return { outcome: 'ok' as const }
  })
}
