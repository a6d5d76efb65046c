import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { responsesFor } from '#shared/controllers/responses'

/*
| The trustees module's public read: whether a campaign's ballots are encrypted and, once its key
| ceremony is complete, with which parameters (the ones its campaign tx carries). Other modules
| (voting, ledger projection, reporting) call this, not the tables.
*/
export interface CampaignEncryptionParams {
  threshold: number
  trustees: number
  /** hex, 32 bytes (ristretto255): the election key. */
  electionKey: string
  paddedLength: number
}

export type CampaignEncryptionState =
  | { encrypted: false }
  | { encrypted: true; complete: false; status: string }
  | ({ encrypted: true; complete: true } & CampaignEncryptionParams)

export async function campaignEncryption(
  campaignId: number,
  client: TransactionClientContract | typeof db = db
): Promise<CampaignEncryptionState> {
  const row = await client
    .from('campaign_ceremonies')
    .where('campaign_id', campaignId)
    .select('threshold', 'trustees', 'status', 'election_key', 'padded_length')
    .first()
  if (!row) return { encrypted: false }
  if (row.status !== 'complete' || !row.election_key)
    return { encrypted: true, complete: false, status: row.status }
  return {
    encrypted: true,
    complete: true,
    threshold: row.threshold,
    trustees: row.trustees,
    electionKey: row.election_key,
    paddedLength: row.padded_length,
  }
}

/**
 * Thrown inside a stage change when an encrypted campaign cannot open voting yet (its ceremony is
 * not complete, or its projects outgrew the padded length fixed at completion). The transaction
 * rolls back; the admin gets the localized refusal (409, or a flash on the page).
 */
export class EncryptionNotReady extends Exception {
  static status = 409
  constructor(readonly reason: 'ceremony_incomplete' | 'projects_changed') {
    super(`encrypted campaign not ready for voting: ${reason}`, { status: 409, code: reason })
  }

  async handle(error: EncryptionNotReady, ctx: HttpContext) {
    return responsesFor('trustees').refuse(ctx, error.reason, 409)
  }
}

/**
 * The `encryption` item of the campaign tx: undefined for a clear campaign; the ceremony's
 * parameters once complete; `EncryptionNotReady` otherwise (a clear campaign tx must never be
 * queued for a campaign whose ballots were meant to be secret).
 */
export async function campaignTxEncryption(
  campaignId: number,
  client: TransactionClientContract | typeof db = db
): Promise<CampaignEncryptionParams | undefined> {
  const state = await campaignEncryption(campaignId, client)
  if (!state.encrypted) return undefined
  if (!state.complete) throw new EncryptionNotReady('ceremony_incomplete')
  const { threshold, trustees, electionKey, paddedLength } = state
  return { threshold, trustees, electionKey, paddedLength }
}
