import type { HttpContext } from '@adonisjs/core/http'
import { currentBranding, forgetCachedBranding } from '#branding/branding_store'
import { logoUrl } from '#branding/page_props'
import { readStream } from '#shared/uploads'
import { notFound } from '#shared/controllers/responses'

/**
 * GET /branding/logo/:file — the current logo. Its name changes with every upload, so anyone
 * may keep it for a year; an old name is 404 (its file is deleted once replaced).
 */
export default class BrandingLogoController {
  async show(ctx: HttpContext) {
    const path = `/branding/logo/${ctx.params.file}`
    const isCurrent = (logo: { key: string } | null) => logo !== null && logoUrl(logo.key) === path
    let { logo } = await currentBranding()
    if (!isCurrent(logo)) {
      // Another app node may have saved a newer logo than this node's copy in memory.
      forgetCachedBranding()
      ;({ logo } = await currentBranding())
    }
    if (!logo || !isCurrent(logo)) notFound()
    ctx.response.header('Content-Type', 'image/webp')
    ctx.response.header('X-Content-Type-Options', 'nosniff')
    ctx.response.header('Cache-Control', 'public, max-age=31536000, immutable')
    return ctx.response.stream(await readStream(logo.key))
  }
}
