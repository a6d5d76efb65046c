import type { HttpContext } from '@adonisjs/core/http'
import type Resident from '#identity/models/resident'
import { findPublicBySlug, isEligible, isVotingOpen } from '#campaigns/campaign_service'
import { publicCampaign } from '#campaigns/public_campaign'
import { notFound } from '#shared/controllers/responses'
import { ledgerPublicUrls } from '#ledger/ledger'
import { projectDetailsOnBallot } from '#proposals/ballot_details'
import { mapSettings } from '#shared/map_settings'
import votingConfig from '#config/voting'
import db from '@adonisjs/lucid/services/db'
import { anyClaim } from '#voting/person_claims'
import { personRefs } from '#voting/person_ref'

/**
 * The residents' voting page and the public check-my-ballot page (app/voting/README.md "Pages").
 * Both only render: everything that signs or verifies runs in the browser, and the ballot itself
 * never passes through a session-bound request.
 */
export default class VotePagesController {
  /** GET /campaigns/:slug/vote */
  async vote({ inertia, i18n, params, auth }: HttpContext) {
    const campaign = await findPublicBySlug(String(params.slug))
    if (!campaign) notFound()
    const resident = (await auth.use('resident').check())
      ? (auth.use('resident').user as Resident)
      : null
    return inertia.render('voting/vote', {
      campaign: {
        ...(await publicCampaign(campaign, i18n.locale)),
        currency: campaign.currency,
        minAge: campaign.minAge,
      },
      // Every project's details come with the page, so what a voter opens is never asked for.
      projectDetails: await projectDetailsOnBallot(campaign.id),
      map: mapSettings(),
      access: await this.access(resident, campaign),
      ballotDelay: votingConfig.ballotDelay,
    })
  }

  /**
   * GET /check — served without identity (`#middleware/identityless_middleware`). A check
   * link's receipt is in the URL fragment, which the server never sees; the page reads it.
   */
  async check({ inertia }: HttpContext) {
    return inertia.render('voting/check', { replicaUrls: ledgerPublicUrls() })
  }

  /**
   * What the page can offer. A hint only: the credential endpoint decides (and gives the same
   * reasons). `age_needed`: the campaign has a minimum age, the page asks for a self-declared one.
   * `credential_taken`: the resident's one credential (or paper sheet) was already given — the page
   * resumes a vote this device started, and otherwise says so before any ballot is shown.
   */
  private async access(resident: Resident | null, campaign: Parameters<typeof isEligible>[1]) {
    if (!isVotingOpen(campaign)) return 'voting_closed'
    if (!resident) return 'not_signed_in'
    const refs = personRefs(campaign.id, { phoneE164: resident.phoneE164 })
    if (await anyClaim(db.connection(), campaign.id, refs)) return 'credential_taken'
    const eligibility = await isEligible(resident, campaign)
    if (eligibility.eligible) return 'eligible'
    return eligibility.reason === 'age_unconfirmed' ? 'age_needed' : eligibility.reason
  }
}
