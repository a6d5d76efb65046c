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
import { configureLedger } from '#ledger/ledger'
import { configureIntake } from '#voting/intake/settings'
import { resetIntake } from '#voting/intake/intake'
import { clearOutbox, openVoting, reviewCampaignWithProjects } from '#tests/helpers/ledger'
import type { TestLedgerCluster } from '#tests/helpers/ledger_cluster'

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

/** `count` honest ballots, made one after the other; ballot `i` carries `choices(i)`. */
export async function honestBallots(
  campaignId: number,
  count: number,
  choices: (i: number) => BallotChoice[]
): Promise<TestBallot[]> {
  const ballots: TestBallot[] = []
  for (let i = 0; i < count; i++) ballots.push(await honestBallot(campaignId, choices(i)))
  return ballots
}

/** `POST /api/v1/campaigns/:id/ballots` with a JSON body (and request headers, if any). */
export function postBallot(
  client: any,
  campaignId: number,
  body: unknown,
  headers: Record<string, string> = {}
) {
  return client.post(`/api/v1/campaigns/${campaignId}/ballots`).headers(headers).json(body)
}

/** Casts an honest ballot (e.g. to get the campaign tx committed before timing the next ones). */
export async function warmUp(client: any, campaignId: number, projectId: number) {
  const ballot = await honestBallot(campaignId, [{ projectId, weight: 1 }])
  return client.post(`/api/v1/campaigns/${campaignId}/ballots`).json(ballot.body)
}

/**
 * A ballot answered 202 pending: a one-project campaign in voting, warmed up, then the intake's
 * response wait cut to 1 ms before the ballot is sent.
 */
export async function pendingBallot(client: any) {
  const { campaign, projects } = await votingCampaign(1)
  await warmUp(client, campaign.id, projects[0].id)
  configureIntake({ responseWaitMs: 1 })
  const ballot = await honestBallot(campaign.id, [{ projectId: projects[0].id, weight: 1 }])
  const response = await postBallot(client, campaign.id, ballot.body)
  response.assertStatus(202)
  return { campaign, ballot, response }
}

/** Each test of a real-cluster intake group: the intake emptied, default settings, the cluster's ledger. */
export async function useClusterIntake(cluster: TestLedgerCluster) {
  await resetIntake()
  configureIntake({})
  configureLedger({ replicas: cluster.urls, genesisPath: cluster.genesisPath })
}

/** Teardown of a real-cluster intake group: intake and ledger client reset, outbox emptied, replicas stopped. */
export async function stopClusterIntake(cluster: TestLedgerCluster) {
  await resetIntake()
  configureIntake({})
  configureLedger({})
  await clearOutbox()
  await cluster.stop()
}
