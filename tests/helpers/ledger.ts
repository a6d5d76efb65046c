import db from '@adonisjs/lucid/services/db'
import CampaignPot from '#campaigns/models/campaign_pot'
import Project from '#proposals/models/project'
import changeStage from '#campaigns/actions/change_stage'
import { makeCampaign, makeCity, makeStaff } from '#tests/helpers/campaigns'
import { makeIdea, resident } from '#tests/helpers/proposals'
import { resultsChanged } from '#shared/results_changes'
import { settleOutbox } from '#ledger/outbox/settle'

/** A campaign in review with one pot and `projectCount` projects on the ballot. */
export async function reviewCampaignWithProjects(projectCount = 2) {
  const { city, north } = await makeCity()
  const campaign = await makeCampaign(city.id, { stage: 'review' })
  const [pot] = await CampaignPot.query().where('campaignId', campaign.id)
  const author = await resident(north.id)
  const projects = []
  for (let i = 0; i < projectCount; i++) {
    const idea = await makeIdea(campaign, author, { status: 'on_ballot', potId: pot.id })
    projects.push(
      await Project.create({
        ideaId: idea.id,
        campaignId: campaign.id,
        potId: pot.id,
        title: `Project ${i}`,
        cost: 100_000 + i,
        position: i,
      })
    )
  }
  const admin = await makeStaff('admin', city.id)
  return { campaign, pot, projects, admin }
}

export async function openVoting(campaignId: number, adminId: number) {
  const result = await changeStage({ type: 'staff', id: adminId }, campaignId, {
    from: 'review',
    to: 'voting',
  })
  if (result.outcome !== 'ok') throw new Error(`openVoting: ${JSON.stringify(result)}`)
}

/**
 * Every queued record committed by the cluster, as the outbox worker would (a ceremony's order
 * matters to the replicas, so tests wait for each step's records); none may be refused. A first
 * pass may find no leader yet (the row then backs off): passes claim rows whatever their back-off,
 * until all are committed, for up to 60 s.
 */
export async function commitQueued(assert: {
  equal: (a: unknown, b: unknown, m?: string) => void
}) {
  const { rejected } = await settleOutbox({ timeoutMs: 60_000, aheadMs: 3_600_000 })
  assert.equal(rejected, 0, 'no record refused')
  const [row] = await db.from('ledger_outbox').whereNot('status', 'committed').count('* as n')
  assert.equal(Number(row.n), 0, 'every record committed')
}

export async function clearOutbox() {
  await db.from('ledger_outbox').delete()
}

export async function outboxRows() {
  return db.from('ledger_outbox').orderBy('id')
}

/** A real ballot tx for a campaign in voting: credential from the campaign's registrar key. */
export async function ballotFor(
  campaignId: number,
  choices: { projectId: number; weight: number }[]
) {
  const { ballotTx, blind, encodeBallot, generateVoterKey, signBallot, unblind, ballotHash } =
    await import('@civic-budget/protocol')
  const { signWithRegistrar } = await import('#voting/registrar')
  const voter = generateVoterKey()
  const { blinded, r } = blind(campaignId, voter.publicKey)
  const credential = unblind(await signWithRegistrar(campaignId, blinded), r)
  const ballotBytes = encodeBallot({ campaignId, choices, voterKey: voter.publicKey, credential })
  return {
    txBytes: ballotTx(ballotBytes, signBallot(voter.secretKey, ballotBytes)),
    ballotHash: ballotHash(ballotBytes),
  }
}

/** Empties the projection's read models and its state (the next projection starts at height 0). */
export async function resetReadModels() {
  for (const table of [
    'tally_hours',
    'tally_pots',
    'tally_projects',
    'ballot_records',
    'ledger_projection_state',
  ]) {
    await db.from(table).delete()
  }
  // As the projector does after a commit: this process's results cache reads the new state.
  resultsChanged()
}
