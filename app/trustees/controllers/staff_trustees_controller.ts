import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { CEREMONY_RESTARTS_MAX } from '@civic-budget/protocol/limits'
import { authorizedCampaign, canManage } from '#campaigns/controllers/lookups'
import { isConfigurable } from '#campaigns/actions/locked_campaign'
import { translate } from '#campaigns/translations'
import type Campaign from '#campaigns/models/campaign'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  staffActor,
  wantsJson,
} from '#shared/controllers/responses'
import nameTrustees, { type Invite, type NameTrusteesResult } from '#trustees/actions/name_trustees'
import restartCeremony, {
  restartable,
  type RestartResult,
} from '#trustees/actions/restart_ceremony'
import reissueTrusteeToken from '#trustees/actions/reissue_token'
import setCeremonyDeadline from '#trustees/actions/set_deadline'
import { combineCampaign } from '#trustees/decryption/combine'
import { decryptionStatus } from '#trustees/decryption/decryption_status'
import { votingClosed } from '#trustees/decryption/voting_closed'
import { closeAndDecryptDemo } from '#trustees/demo/demo_decryption'
import { demoTrusteesOf } from '#trustees/demo/demo_keys'
import { advanceCeremony, completeCeremony, completionRefusal } from '#trustees/progress'
import { ceremonySummary } from '#trustees/trustee_view'
import { deadlineValidator, nameTrusteesValidator, reissueValidator } from '#trustees/validators'

const answer: ModuleResponses = responsesFor('trustees')

/**
 * The campaign's trustees screen: make the campaign encrypted (names, t, deadline), follow the key
 * ceremony, re-issue a lost invite link, complete the ceremony or start it again; after the close,
 * follow the decryption (share batches with their verdicts) and run the combination. Invite links
 * are in the answer to the POST that made them and nowhere else (not in a flash, which the session
 * table would keep).
 */
export default class StaffTrusteesController {
  async show(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'view')
    return this.render(ctx, campaign, [])
  }

  async store(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(nameTrusteesValidator)
    return this.withInvites(ctx, campaign, await nameTrustees(staffActor(ctx), campaign.id, input))
  }

  /** "Start the ceremony again" after a failure or a deadline passed: new trustees, new links. */
  async restart(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(nameTrusteesValidator)
    const result = await restartCeremony(staffActor(ctx), campaign.id, input)
    return this.withInvites(ctx, campaign, result)
  }

  /** The screen with the new invite links, or the refusal (naming and restarting answer alike). */
  private withInvites(
    ctx: HttpContext,
    campaign: Campaign,
    result: NameTrusteesResult | RestartResult
  ) {
    switch (result.outcome) {
      case 'ok':
        return this.render(ctx, campaign, result.invites)
      case 'invalid':
        return answer.failWith(ctx, result.errors)
      case 'not_found':
        return notFound()
      default:
        return answer.refuse(ctx, result.outcome, 409, { max: CEREMONY_RESTARTS_MAX })
    }
  }

  async reissue(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const { index } = await ctx.request.validateUsing(reissueValidator)
    const result = await reissueTrusteeToken(staffActor(ctx), campaign.id, index)
    if (result.outcome === 'not_found') return notFound()
    return this.render(ctx, campaign, [result.invite])
  }

  async deadline(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const { deadlineAt } = await ctx.request.validateUsing(deadlineValidator)
    const result = await setCeremonyDeadline(staffActor(ctx), campaign.id, deadlineAt ?? null)
    if (result.outcome === 'not_found') return notFound()
    if (result.outcome === 'finished') return answer.refuse(ctx, 'wrong_stage')
    return answer.backWith(ctx, 'deadline_saved')
  }

  /** A reload of the page the re-issue POST answered: the screen, without the link. */
  async backToScreen(ctx: HttpContext) {
    return ctx.response.redirect().toPath(`/staff/campaigns/${ctx.params.id}/trustees`)
  }

  async complete(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const refusal = await db.transaction(async (trx) => {
      const stored = await advanceCeremony(campaign.id, trx)
      if (!stored) return 'no_ceremony' as const
      const why = completionRefusal(stored)
      if (why) return why
      await completeCeremony(stored, staffActor(ctx), trx)
      return null
    })
    if (refusal) return answer.refuse(ctx, refusal)
    return answer.backWith(ctx, 'completed')
  }

  /**
   * "Decrypt now": the combination, as `node ace trustees:decrypt` runs it (audited as
   * `trustees.decrypted` by this admin when it writes anything). Refused before the close and while
   * a chunk of ballots lacks t valid share batches; a second run changes nothing.
   */
  async decrypt(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const status = await decryptionStatus(campaign.id)
    if (!status) return answer.refuse(ctx, 'no_ceremony')
    if (!(await votingClosed(campaign.id))) return answer.refuse(ctx, 'not_closed')
    const result = await combineCampaign(campaign.id, staffActor(ctx))
    if (result.status === 'incomplete') {
      const { missing, ballots } = result
      return answer.refuse(ctx, 'shares_missing', 409, { missing, ballots })
    }
    if (result.status === 'failed') {
      return answer.refuse(ctx, 'decryption_failed', 409, { error: result.error })
    }
    const { counted, spoiled } = result
    return answer.backWith(ctx, 'decrypted', { counted, spoiled })
  }

  /**
   * DEMO ONLY (a campaign whose trustees the development seeder plays; never in production): closes
   * voting now and decrypts as the demo trustees in the background (demo_decryption.ts).
   */
  async demoDecrypt(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const result = await closeAndDecryptDemo(campaign.id, staffActor(ctx))
    if (result === 'not_demo') return notFound()
    if (result !== 'started') return answer.refuse(ctx, result)
    return answer.backWith(ctx, 'demo_decrypting')
  }

  private async render(ctx: HttpContext, campaign: Campaign, invites: Invite[]) {
    const stored = await db.transaction((trx) => advanceCeremony(campaign.id, trx))
    const origin = `${ctx.request.protocol()}://${ctx.request.host()}`
    const links = invites.map((invite) => ({
      index: invite.index,
      name: invite.name,
      url: `${origin}/trustee#token=${invite.token}`,
    }))
    ctx.response.header('Cache-Control', 'no-store')
    const demoTrustees =
      ['voting', 'results'].includes(campaign.stage) && (await demoTrusteesOf(campaign.id)) !== null
    // The decryption's progress once voting is over (before that there is nothing to show).
    const decryption = (await votingClosed(campaign.id))
      ? await decryptionStatus(campaign.id)
      : null
    const ceremony = stored
      ? {
          ...ceremonySummary(stored),
          restarts: stored.ceremony.restarts,
          restartable: isConfigurable(campaign) && restartable(stored),
        }
      : null
    if (wantsJson(ctx.request)) return { ok: true, invites: links, ceremony, decryption }
    return ctx.inertia.render('staff/campaigns/trustees', {
      campaign: {
        id: campaign.id,
        title: translate(campaign.title, ctx.i18n.locale),
        stage: campaign.stage,
      },
      ceremony,
      configurable: isConfigurable(campaign),
      canManage: await canManage(ctx, campaign),
      invites: links,
      decryption,
      demoTrustees: demoTrustees && !decryption?.decrypted,
    })
  }
}
