import db from '@adonisjs/lucid/services/db'
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
import { parseBlindedNative, type NativeBlindedPoint } from '@civic-budget/protocol-node/credential'
import { InvalidPointError } from '@civic-budget/protocol/errors'
import type Terminal from '#voting/models/terminal'
import { signWithRegistrar } from '#voting/registrar'
import { personRefs, type PersonIdentifiers } from '#voting/person_ref'
import { residentOidcIdentity, type OidcIdentity } from '#identity/oidc/oidc_links'
import { claimPersonRefs, findClaimedIssuances, type IssuanceRow } from '#voting/person_claims'

/*
| Blind credential issuance (protocol.md "Credential"): one command, named outcomes.
|
| Invariants (maintained here and by the database):
| - at most one credential or paper mark per (campaign, person): every reference of the person
|   (phone and/or ID hash, `person_ref.ts`) is claimed in `credential_person_refs`, PRIMARY KEY
|   (campaign_id, person_ref) — whichever channel took it first; the row, its claims and the
|   signature are produced in ONE transaction, so a signature never leaves the server without its
|   row being committed, and a row never exists without its signature;
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
  | {
      channel: 'online'
      resident: Resident
      age?: number | null
      /** The resident's OpenID Connect link when the caller already read it (null: none). */
      oidc?: OidcIdentity | null
    }
  /** `identifiers` in normal form (`normalizedPerson`), at least one. */
  | { channel: 'terminal'; terminal: Terminal; identifiers: PersonIdentifiers }

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

  let blinded: NativeBlindedPoint
  try {
    blinded = parseBlindedNative(input.blinded)
  } catch (error) {
    if (error instanceof InvalidPointError) return { outcome: 'invalid_point', code: error.code }
    throw error
  }

  const refs = personRefs(campaign.id, await identifiersOf(input.person))
  const terminalId = input.person.channel === 'terminal' ? input.person.terminal.id : null
  // The person's community at issuance, for per-district counts on the ledger (nothing else).
  const communityId =
    input.person.channel === 'online'
      ? input.person.resident.districtId
      : input.person.terminal.communityId

  return db
    .transaction(async (trx): Promise<IssueCredentialResult> => {
      const locked = await trx
        .from('campaigns')
        .where('id', campaign.id)
        .forShare()
        .select('stage')
        .first()
      if (!locked) return { outcome: 'not_found' }
      if (locked.stage !== 'voting') return { outcome: 'not_voting', stage: locked.stage }

      // Any channel (online, terminal, paper) under any of the person's references: the import locks
      // the campaign row FOR UPDATE, so it is wholly before or after.
      const previous = await findClaimedIssuances(trx, campaign.id, refs)
      if (previous.length > 0) return answerRetry(previous, input.blinded)

      // The registrar key is made here if the campaign entered voting without the stage hook
      // (seeded, or before this module).
      const blindSignature = await signWithRegistrar(campaign.id, blinded, trx)
      const [issuance] = await trx
        .insertQuery()
        .table('credential_issuances')
        .insert({
          campaign_id: campaign.id,
          person_ref: refs[0],
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
      if (issuance && (await claimPersonRefs(trx, campaign.id, refs, issuance.id))) {
        return { outcome: 'issued', blindSignature }
      }
      // A concurrent request for the same person won (PostgreSQL made our conflicting INSERT wait
      // for its commit); nothing of ours may stay: roll back, then answer from the winner's row.
      throw new LostRace()
    })
    .catch(async (error) => {
      if (!(error instanceof LostRace)) throw error
      const winners = await db.transaction((trx) => findClaimedIssuances(trx, campaign.id, refs))
      if (winners.length === 0) throw new Error('assertion: conflicting issuance is not visible')
      return answerRetry(winners, input.blinded)
    })
}

class LostRace extends Error {}

/**
 * An online resident is known by their phone and by the ID hash their OpenID Connect provider
 * vouches for (the same `id:` reference a terminal gives): one credential, whichever way they come.
 * Every resident has at least one of the two (app/identity/oidc/oidc_sign_in.ts).
 */
async function identifiersOf(person: CredentialPerson): Promise<PersonIdentifiers> {
  if (person.channel !== 'online') return person.identifiers
  const oidc =
    person.oidc === undefined ? await residentOidcIdentity(person.resident.id) : person.oidc
  return { phoneE164: person.resident.phoneE164, idHash: oidc?.idHash ?? null }
}

/** The same person again: the stored answer only for their one credential and the same point. */
function answerRetry(rows: IssuanceRow[], blinded: string): IssueCredentialResult {
  const [row] = rows
  return rows.length === 1 && row.blinded === blinded && row.blind_signature !== null
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
  // campaign additionally needs the person on its register, by ID hash or by phone.
  const { terminal, identifiers } = person
  const inArea =
    (await isWithin(terminal.communityId, campaign.communityId)) ||
    (await isWithin(campaign.communityId, terminal.communityId))
  if (!inArea) return 'outside_terminal_area'
  if (campaign.eligibilityMode === 'census') {
    const listed =
      (identifiers.idHash && (await censusContains(campaign, 'id_hash', identifiers.idHash))) ||
      (identifiers.phoneE164 && (await censusContains(campaign, 'phone', identifiers.phoneE164)))
    return listed ? null : 'not_in_register'
  }
  return null
}
