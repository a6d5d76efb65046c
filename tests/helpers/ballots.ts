import db from '@adonisjs/lucid/services/db'
import {
  ballotHash,
  ballotTx,
  blind,
  bytesToBase64,
  encodeBallot,
  generateVoterKey,
  signBallot,
  txHash,
  unblind,
  type BallotChoice,
} from '@civic-budget/protocol'
import { ensureRegistrarKey, signWithRegistrar } from '#voting/registrar'
import { openVoting, reviewCampaignWithProjects } from '#tests/helpers/ledger'

/** A campaign entering voting with `projectCount` projects (its campaign tx queued, not flushed). */
export async function votingCampaign(projectCount = 3) {
  const fixture = await reviewCampaignWithProjects(projectCount)
  await openVoting(fixture.campaign.id, fixture.admin.id)
  const registrar = await ensureRegistrarKey(fixture.campaign)
  return { ...fixture, registrar }
}

export interface TestBallot {
  ballotBytes: Uint8Array
  signature: Uint8Array
  voter: { secretKey: Uint8Array; publicKey: Uint8Array }
  credential: string
  ballotHash: string
  txHash: string
  body: { ballot: string; signature: string }
}

export function ballotFrom(
  campaignId: number,
  choices: BallotChoice[],
  voter: { secretKey: Uint8Array; publicKey: Uint8Array },
  credential: string
): TestBallot {
  const ballotBytes = encodeBallot({ campaignId, choices, voterKey: voter.publicKey, credential })
  const signature = signBallot(voter.secretKey, ballotBytes)
  return {
    ballotBytes,
    signature,
    voter,
    credential,
    ballotHash: ballotHash(ballotBytes),
    txHash: txHash(ballotTx(ballotBytes, signature)),
    body: { ballot: bytesToBase64(ballotBytes), signature: bytesToBase64(signature) },
  }
}

/** An honest ballot: fresh voter key, blind credential from the campaign's registrar, signature. */
export async function honestBallot(
  campaignId: number,
  choices: BallotChoice[],
  credentialCampaignId = campaignId
): Promise<TestBallot> {
  const voter = generateVoterKey()
  const { blinded, r } = blind(credentialCampaignId, voter.publicKey)
  const credential = unblind(await signWithRegistrar(credentialCampaignId, blinded), r)
  return ballotFrom(campaignId, choices, voter, credential)
}

export async function ballotRows(campaignId: number) {
  return db.from('ballots').where('campaign_id', campaignId).orderBy('created_at')
}

/** `GET /txs/:hash` on one replica: its `status` (committed, pending, rejected, unknown). */
export async function replicaTxStatus(url: string, hash: string): Promise<string> {
  const response = await fetch(`${url}/txs/${hash}`)
  const body = (await response.json()) as { status: string }
  return body.status
}

/** `GET /pb/campaigns/:id/tally` on one replica. */
export async function replicaTally(url: string, campaignId: number) {
  const response = await fetch(`${url}/pb/campaigns/${campaignId}/tally`)
  return (await response.json()) as { ballots: number }
}

/** Casts an honest ballot (e.g. to get the campaign tx committed before timing the next ones). */
export async function warmUp(client: any, campaignId: number, projectId: number) {
  const ballot = await honestBallot(campaignId, [{ projectId, weight: 1 }])
  return client.post(`/api/v1/campaigns/${campaignId}/ballots`).json(ballot.body)
}
