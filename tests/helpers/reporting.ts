/*
| A campaign with something in every report: districts North (pop. 500) and South (pop. 500),
| credentials issued online to residents of North (3) and South (1), ballots over two hours on
| two channels, ideas (one draft, one rejected, two on the ballot), one project funded with
| progress 40 %.
*/
import db from '@adonisjs/lucid/services/db'
import { makeResident } from '#tests/helpers/campaigns'
import { makeIdea, nextPhone } from '#tests/helpers/proposals'
import { reviewCampaignWithProjects } from '#tests/helpers/ledger'
import Campaign from '#campaigns/models/campaign'
import Community from '#communities/models/community'

export async function reportCampaign() {
  const fx = await reviewCampaignWithProjects(2)
  const campaign = await Campaign.findOrFail(fx.campaign.id)
  campaign.stage = 'results'
  await campaign.save()
  const districts = await Community.query().where('parentId', campaign.communityId).orderBy('name')
  const [north, south] = districts
  const people = [north.id, north.id, north.id, south.id]
  for (const [i, districtId] of people.entries()) {
    const resident = await makeResident(nextPhone(), districtId)
    await db.table('credential_issuances').insert({
      campaign_id: campaign.id,
      person_ref: `resident:${resident.id}`,
      blinded: `b${i}`,
      blind_signature: `s${i}`,
      channel: 'online',
    })
  }
  const [p0, p1] = fx.projects
  const hours = ['2026-11-01T10:00:00Z', '2026-11-01T11:00:00Z']
  await db.table('tally_hours').multiInsert([
    { campaign_id: campaign.id, hour: hours[0], channel: 'online', ballots: 2 },
    { campaign_id: campaign.id, hour: hours[1], channel: 'online', ballots: 1 },
    { campaign_id: campaign.id, hour: hours[1], channel: 'terminal', ballots: 1 },
  ])
  await db.table('tally_projects').multiInsert([
    { campaign_id: campaign.id, project_id: p0.id, channel: 'online', votes: 3, points: 3 },
    { campaign_id: campaign.id, project_id: p0.id, channel: 'terminal', votes: 1, points: 1 },
    { campaign_id: campaign.id, project_id: p1.id, channel: 'online', votes: 1, points: 1 },
  ])
  const author = await makeResident(nextPhone(), north.id)
  await makeIdea(campaign, author, { status: 'draft' })
  await makeIdea(campaign, author, { status: 'published' })
  const rejected = await makeIdea(campaign, author, { status: 'on_ballot' })
  await db
    .from('ideas')
    .where('id', rejected.id)
    .update({ status: 'rejected', rejection_reason: 'Too costly' })
  await db.from('projects').where('id', p0.id).update({ funded: true, funded_at: new Date() })
  await db.table('project_implementation').insert({
    project_id: p0.id,
    status: 'in_progress',
    progress_percent: 40,
    created_at: new Date(),
    updated_at: new Date(),
  })
  return { ...fx, campaign, north, south, p0, p1 }
}
