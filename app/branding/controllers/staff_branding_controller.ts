import type { HttpContext } from '@adonisjs/core/http'
import { changeBranding, currentBranding } from '#branding/branding_store'
import { logoUrl } from '#branding/page_props'
import { removeLogo, storeLogo, LOGO_SIDE_MAX_PX } from '#branding/logo'
import {
  brandingValidator,
  logoValidator,
  FOOTER_LINKS_MAX,
  LINK_LABEL_LENGTH_MAX,
  LOGO_BYTES_MAX,
  LOGO_EXTNAMES,
  NAME_LENGTH_MAX,
} from '#branding/validators'
import { receiveUploads } from '#shared/upload_intake'
import { type ModuleResponses, responsesFor, staffActor } from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('branding')

/** `/staff/settings/branding`: the city's name, logo, primary colour and footer links. */
export default class StaffBrandingController {
  async show({ bouncer, inertia }: HttpContext) {
    await bouncer.with('branding').authorize('manage')
    const branding = await currentBranding()
    // Not `branding`: that is the shared prop the layout reads (the saved texts in one language).
    return inertia.render('staff/settings/branding', {
      settings: {
        name: branding.name,
        primaryColor: branding.primaryColor,
        footerLinks: branding.footerLinks,
        logo: branding.logo
          ? {
              url: logoUrl(branding.logo.key),
              width: branding.logo.width,
              height: branding.logo.height,
            }
          : null,
      },
      limits: {
        nameLength: NAME_LENGTH_MAX,
        labelLength: LINK_LABEL_LENGTH_MAX,
        footerLinks: FOOTER_LINKS_MAX,
        logoBytes: LOGO_BYTES_MAX,
        logoExtensions: LOGO_EXTNAMES,
        logoSide: LOGO_SIDE_MAX_PX,
      },
    })
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with('branding').authorize('manage')
    const input = await ctx.request.validateUsing(brandingValidator)
    await changeBranding(staffActor(ctx), 'branding.updated', () => ({
      name: input.name,
      primaryColor: input.primaryColor,
      footerLinks: input.footerLinks,
    }))
    return answer.backWith(ctx, 'saved')
  }

  async storeLogo(ctx: HttpContext) {
    await ctx.bouncer.with('branding').authorize('manage')
    await receiveUploads(ctx)
    const { logo } = await ctx.request.validateUsing(logoValidator)
    const stored = await storeLogo(logo.tmpPath!)
    if ('problem' in stored) {
      answer.failWith(ctx, [
        { field: 'logo', rule: stored.problem, meta: { max: LOGO_SIDE_MAX_PX } },
      ])
    }
    let before
    try {
      ;({ before } = await changeBranding(staffActor(ctx), 'branding.logo_changed', () => ({
        logo: stored,
      })))
    } catch (error) {
      await removeLogo(stored.key)
      throw error
    }
    if (before.logo) await removeLogo(before.logo.key)
    return answer.backWith(ctx, 'logo_saved')
  }

  async destroyLogo(ctx: HttpContext) {
    await ctx.bouncer.with('branding').authorize('manage')
    const { before } = await changeBranding(staffActor(ctx), 'branding.logo_removed', () => ({
      logo: null,
    }))
    if (before.logo) await removeLogo(before.logo.key)
    return answer.backWith(ctx, 'logo_removed')
  }
}
