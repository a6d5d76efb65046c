import { addPublicCampaignFiller } from '#campaigns/extensions'
import { projectsOnBallot } from '#proposals/ballot_list'

/* The proposals module's part of the public campaign (protocol.md): the projects on the ballot. */
addPublicCampaignFiller('proposals.projects', async (campaign, dto) => {
  dto.projects = await projectsOnBallot(campaign.id)
})
