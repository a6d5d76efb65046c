import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
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
import nameTrustees, { type Invite } from '#trustees/actions/name_trustees'
import reissueTrusteeToken from '#trustees/actions/reissue_token'
import setCeremonyDeadline from '#trustees/actions/set_deadline'
import { advanceCeremony, completeCeremony, completionRefusal } from '#trustees/progress'
import { ceremonySummary } from '#trustees/trustee_view'
import { deadlineValidator, nameTrusteesValidator, reissueValidator } from '#trustees/validators'

const answer: ModuleResponses = responsesFor('trustees')

/**
 * The campaign's trustees screen: make the campaign encrypted (names, t, deadline), follow the key
 * ceremony, re-issue a lost invite link, complete the ceremony. Invite links are in the answer to
 * the POST that made them and nowhere else (not in a flash, which the session table would keep).
 */
export default class StaffTrusteesController {
  async show(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'view')
    return this.render(ctx, campaign, [])
  }

  async store(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    const input = await ctx.request.validateUsing(nameTrusteesValidator)
    const result = await nameTrustees(staffActor(ctx), campaign.id, input)
    switch (result.outcome) {
      case 'ok':
        return this.render(ctx, campaign, result.invites)
      case 'invalid':
        return answer.failWith(ctx, result.errors)
      case 'not_found':
        return notFound()
      default:
        return answer.refuse(ctx, result.outcome)
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

  private async render(ctx: HttpContext, campaign: Campaign, invites: Invite[]) {
    const stored = await db.transaction((trx) => advanceCeremony(campaign.id, trx))
    const origin = `${ctx.request.protocol()}://${ctx.request.host()}`
    const links = invites.map((invite) => ({
      index: invite.index,
      name: invite.name,
      url: `${origin}/trustee#token=${invite.token}`,
    }))
    ctx.response.header('Cache-Control', 'no-store')
    if (wantsJson(ctx.request)) {
      return { ok: true, invites: links, ceremony: stored ? ceremonySummary(stored) : null }
    }
    return ctx.inertia.render('staff/campaigns/trustees', {
      campaign: {
        id: campaign.id,
        title: translate(campaign.title, ctx.i18n.locale),
        stage: campaign.stage,
      },
      ceremony: stored ? ceremonySummary(stored) : null,
      configurable: isConfigurable(campaign),
      canManage: await canManage(ctx, campaign),
      invites: links,
    })
  }
}
