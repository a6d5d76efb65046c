import db from '@adonisjs/lucid/services/db'
import CampaignPot from '#campaigns/models/campaign_pot'
import type Campaign from '#campaigns/models/campaign'
import Project from '#proposals/models/project'
import { writeCountedBallots } from '#ledger/projection/read_models'
import type { CountedBallot } from '#ledger/projection/tx_handlers'
import { makeCampaign, makeCity } from '#tests/helpers/campaigns'
import { makeIdea, resident } from '#tests/helpers/proposals'
import { resultsChanged } from '#shared/results_changes'

/** A campaign with three projects (two in the north district, one in the south) in one pot. */
export async function resultsFixture(
  stage: Campaign['stage'] = 'voting',
  liveResultsPublic = true
) {
  const { city, north, south } = await makeCity()
  const campaign = await makeCampaign(city.id, { stage })
  campaign.liveResultsPublic = liveResultsPublic
  await campaign.save()
  const [pot] = await CampaignPot.query().where('campaignId', campaign.id)
  const author = await resident(north.id)
  const projects: Project[] = []
  for (const [i, district] of [north, north, south].entries()) {
    const idea = await makeIdea(campaign, author, {
      status: 'on_ballot',
      potId: pot.id,
      districtId: district.id,
    })
    projects.push(
      await Project.create({
        ideaId: idea.id,
        campaignId: campaign.id,
        potId: pot.id,
        title: ['Benches by the river', 'Playground lights', 'Library garden'][i],
        cost: 100_000 * (i + 1),
        position: i,
      })
    )
  }
  return { campaign, pot, projects, north, south }
}

export type ResultsFixture = Awaited<ReturnType<typeof resultsFixture>>

/** Counts ballots through the projection's writer: [choices, channel] per ballot. */
export async function countBallots(
  fx: ResultsFixture,
  ballots: [number[], CountedBallot['channel']][]
) {
  let n = 0
  const counted = ballots.map(([indices, channel]) => ({
    ref: `test:${fx.campaign.id}:${n++}`,
    campaignId: fx.campaign.id,
    choices: indices.map((i) => [fx.projects[i].id, 1] as [number, number]),
    channel,
    height: 5,
    txHash: 'ab'.repeat(32),
    blockTimeMs: Date.UTC(2027, 2, 1, 10, 30),
  }))
  await db.transaction((trx) => writeCountedBallots(trx, counted))
  await db
    .table('ledger_projection_state')
    .insert({ id: 1, height: 5, block_hash: 'cd'.repeat(32) })
  // As the projector does after a commit: this process's results cache reads the new height.
  resultsChanged()
}
