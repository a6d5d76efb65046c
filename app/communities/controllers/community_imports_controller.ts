import type { HttpContext } from '@adonisjs/core/http'
import { readFile } from 'node:fs/promises'
import { importCommunitiesValidator } from '#communities/validators/community_validators'
import { IMPORT_COLUMNS, importCommunities } from '#communities/actions/import_communities'
import { fieldError } from '#shared/field_error'
import { receiveUploads } from '#shared/upload_intake'

/** CSV import of the hierarchy: all rows validated first, per-row errors, nothing saved on error. */
export default class CommunityImportsController {
  async create({ bouncer, inertia }: HttpContext) {
    await bouncer.authorize('importCommunities')
    return inertia.render('staff/communities/import', { columns: IMPORT_COLUMNS, rowErrors: null })
  }

  async store(ctx: HttpContext) {
    const { bouncer, request, response, session, i18n, inertia } = ctx
    await bouncer.authorize('importCommunities')
    await receiveUploads(ctx)
    const data = await request.validateUsing(importCommunitiesValidator)
    let text = data.csv ?? ''
    if (data.file) {
      if (!data.file.tmpPath) fieldError('file', i18n.t('communities.import.unreadable'))
      text = await readFile(data.file.tmpPath!, 'utf8')
    }
    if (text.includes('\uFFFD')) fieldError('file', i18n.t('communities.import.not_utf8'))
    const result = await importCommunities(ctx, text)
    if (result.outcome === 'invalid') {
      response.status(422)
      return inertia.render('staff/communities/import', {
        columns: IMPORT_COLUMNS,
        rowErrors: result.errors.map((error) => ({
          line: error.line,
          column: error.column,
          message: i18n.t(`communities.import.errors.${error.error}`, error.values ?? {}),
        })),
      })
    }
    session.flash(
      'success',
      i18n.t('communities.import.done', { created: result.created, updated: result.updated })
    )
    return response.redirect('/staff/communities')
  }
}
