import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Resident from '#identity/models/resident'
import type Campaign from '#campaigns/models/campaign'
import {
  censusContains,
  findPublic,
  isEligible,
  isVotingOpen,
  type IneligibleReason,
  type Stage,
} from '#campaigns/campaign_service'
import { isWithin } from '#communities/community_tree'
import { parseBlinded } from '@civic-budget/protocol/credential'
import { InvalidPointError } from '@civic-budget/protocol/errors'
import type Terminal from '#voting/models/terminal'
import { ensureRegistrarKey, signWithRegistrar } from '#voting/registrar'
import { crossChannelRefs, residentRef, terminalPersonRef } from '#voting/person_ref'

/*
| Blind credential issuance (protocol.md "Credential"): one command, named outcomes.
|
| Invariants (maintained here and by the database):
| - at most one credential_issuances row per (campaign, person): UNIQUE(campaign_id, person_ref);
|   the row and the signature are produced in ONE transaction, so a signature never leaves the
|   server without its row being committed, and a row never exists without its signature;
| - the same person sending the same blinded point again gets the stored, identical answer
|   (`same_answer`); a different point gets `already_issued` — even when both race: the losing
|   INSERT … ON CONFLICT DO NOTHING waits for the winner's commit and re-reads its row;
| - issuance happens only while the campaign is in its voting stage: the campaign row is read
|   `FOR SHARE` in the transaction, so a concurrent stage change (which takes `FOR UPDATE`) runs
|   entirely before or after it;
| - the registrar sees only the blinded point, never the voter key (the architecture's threat
|   model); `issued_at` is stored truncated to the hour (data minimisation: a leaked table does
|   not time-correlate issuances with ballots on the ledger).
*/

export type CredentialPerson =
  | { channel: 'online'; resident: Resident; age?: number | null }
  | { channel: 'terminal'; terminal: Terminal; personKey: string }

export interface IssueCredentialInput {
  campaignId: number
  person: CredentialPerson
  blinded: string
}

export type TerminalIneligibleReason = 'outside_terminal_area' | 'not_in_register'

export type IssueCredentialResult =
  | { outcome: 'issued'; blindSignature: string }
  | { outcome: 'same_answer'; blindSignature: string }
  | { outcome: 'already_issued' }
  | { outcome: 'not_eligible'; reason: IneligibleReason | TerminalIneligibleReason }
  | { outcome: 'not_voting'; stage: Stage }
  | { outcome: 'invalid_point'; code: string }
  | { outcome: 'not_found' }

export default async function issueCredential(
  input: IssueCredentialInput
): Promise<IssueCredentialResult> {
  const campaign = await findPublic(input.campaignId)
  if (!campaign) return { outcome: 'not_found' }
  if (!isVotingOpen(campaign)) return { outcome: 'not_voting', stage: campaign.stage }

  const eligibility = await checkEligibility(campaign, input.person)
  if (eligibility !== null) return { outcome: 'not_eligible', reason: eligibility }

  try {
    parseBlinded(input.blinded)
  } catch (error) {
    if (error instanceof InvalidPointError) return { outcome: 'invalid_point', code: error.code }
    throw error
  }

  // Lazily, for campaigns that entered voting without the stage hook (seeded, or before this module).
  await ensureRegistrarKey(campaign)

  const personRef =
    input.person.channel === 'online'
      ? residentRef(input.person.resident.id)
      : terminalPersonRef(input.person.terminal.id, input.person.personKey)
  const terminalId = input.person.channel === 'terminal' ? input.person.terminal.id : null
  // The person's community at issuance, for per-district counts on the ledger (nothing else).
  const communityId =
    input.person.channel === 'online'
      ? input.person.resident.districtId
      : input.person.terminal.communityId
  const otherRefs = crossChannelRefs(
    input.person.channel === 'online'
      ? { channel: 'online', phoneE164: input.person.resident.phoneE164 }
      : { channel: 'terminal', personKey: input.person.personKey }
  )

  return db.transaction(async (trx): Promise<IssueCredentialResult> => {
    const locked = await trx
      .from('campaigns')
      .where('id', campaign.id)
      .forShare()
      .select('stage')
      .first()
    if (!locked) return { outcome: 'not_found' }
    if (locked.stage !== 'voting') return { outcome: 'not_voting', stage: locked.stage }

    const previous = await findIssuance(trx, campaign.id, personRef)
    if (previous) return answerRetry(previous, input.blinded)
    // Voted on paper (the import locks the campaign row FOR UPDATE, so it is wholly before or after).
    const paper = await trx
      .from('credential_issuances')
      .where('campaign_id', campaign.id)
      .whereIn('person_ref', otherRefs)
      .first()
    if (paper) return { outcome: 'already_issued' }

    const blindSignature = await signWithRegistrar(campaign.id, input.blinded, trx)
    const inserted = await trx
      .insertQuery()
      .table('credential_issuances')
      .insert({
        campaign_id: campaign.id,
        person_ref: personRef,
        blinded: input.blinded,
        blind_signature: blindSignature,
        channel: input.person.channel,
        terminal_id: terminalId,
        community_id: communityId,
        issued_at: trx.raw(`date_trunc('hour', now())`),
      })
      .knexQuery.onConflict(['campaign_id', 'person_ref'])
      .ignore()
      .returning('id')
    if (inserted.length === 1) return { outcome: 'issued', blindSignature }

    // A concurrent request for the same person won; its row is committed by now.
    const winner = await findIssuance(trx, campaign.id, personRef)
    if (!winner) throw new Error('assertion: conflicting issuance row is not visible')
    return answerRetry(winner, input.blinded)
  })
}

interface IssuanceRow {
  /** null for a paper mark: never the same answer. */
  blinded: string | null
  blind_signature: string | null
}

async function findIssuance(
  trx: TransactionClientContract,
  campaignId: number,
  personRef: string
): Promise<IssuanceRow | null> {
  const row = await trx
    .from('credential_issuances')
    .where('campaign_id', campaignId)
    .where('person_ref', personRef)
    .select('blinded', 'blind_signature')
    .first()
  return row ?? null
}

function answerRetry(row: IssuanceRow, blinded: string): IssueCredentialResult {
  return row.blinded === blinded && row.blind_signature !== null
    ? { outcome: 'same_answer', blindSignature: row.blind_signature }
    : { outcome: 'already_issued' }
}

async function checkEligibility(
  campaign: Campaign,
  person: CredentialPerson
): Promise<IneligibleReason | TerminalIneligibleReason | null> {
  if (person.channel === 'online') {
    const result = await isEligible(person.resident, campaign, { age: person.age })
    return result.eligible ? null : result.reason
  }
  // A terminal serves campaigns of its own area: the campaign's community contains the terminal's
  // (a district kiosk serves the city-wide campaign) or lies inside it (a city-wide bank serves a
  // district's campaign). It vouches for residence and age by its own identification; a census-only
  // campaign additionally needs the person on the ID-hash register (personKey = the register's value).
  const { terminal } = person
  const inArea =
    (await isWithin(terminal.communityId, campaign.communityId)) ||
    (await isWithin(campaign.communityId, terminal.communityId))
  if (!inArea) return 'outside_terminal_area'
  if (campaign.eligibilityMode === 'census') {
    return (await censusContains(campaign, 'id_hash', person.personKey)) ? null : 'not_in_register'
  }
  return null
}
