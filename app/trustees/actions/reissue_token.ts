import db from '@adonisjs/lucid/services/db'
import { audit, type AuditActor } from '#shared/audit'
import { newTrusteeToken } from '#trustees/trustee_token'
import { lockCeremonyRow } from '#trustees/ceremony_state'
import type { Invite } from '#trustees/actions/name_trustees'

export type ReissueResult = { outcome: 'ok'; invite: Invite } | { outcome: 'not_found' }

/**
 * A trustee lost their invite link: a new token replaces the old one (which stops working at
 * once). Their key file is theirs: a trustee who lost it too cannot take part any more.
 */
export default async function reissueTrusteeToken(
  actor: AuditActor,
  campaignId: number,
  index: number
): Promise<ReissueResult> {
  return db.transaction(async (trx) => {
    const ceremony = await lockCeremonyRow(trx, campaignId)
    if (!ceremony) return { outcome: 'not_found' as const }
    const trustee = await trx
      .from('campaign_trustees')
      .where({ campaign_id: campaignId, index })
      .first()
    if (!trustee) return { outcome: 'not_found' as const }
    const { token, tokenHash } = newTrusteeToken()
    await trx
      .from('campaign_trustees')
      .where('id', trustee.id)
      .update({ token_hash: tokenHash, updated_at: new Date() })
    await audit.record(
      actor,
      'trustees.link_reissued',
      { type: 'campaign', id: campaignId },
      { index, name: trustee.name },
      { client: trx }
    )
    return { outcome: 'ok' as const, invite: { index, name: trustee.name, token } }
  })
}
