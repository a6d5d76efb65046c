import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import Community from '#communities/models/community'
import importCensus from '#campaigns/actions/import_census'
import {
  censusImportValidator,
  CENSUS_FILE_EXTENSIONS,
} from '#campaigns/validators/settings_validators'
import { campaignFormDto } from '#campaigns/dto'
import { subtreeIds } from '#communities/community_tree'
import { authorizedCampaign, canManage } from '#campaigns/controllers/lookups'
import { receiveUploads } from '#shared/upload_intake'
import {
  type ModuleResponses,
  responsesFor,
  notFound,
  staffActor,
} from '#shared/controllers/responses'

const answer: ModuleResponses = responsesFor('campaigns')

/** Per-line errors shown at most (the count of all of them is in the summary). */
const LINE_ERRORS_SHOWN_MAX = 100

/** Census register import (CSV of phones or ID hashes, per district). */
export default class StaffCensusController {
  async show(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'view')
    const ids = await subtreeIds(campaign.communityId)
    const districts = await Community.query().whereIn('id', ids).orderBy('name').limit(1000)
    return ctx.inertia.render('staff/campaigns/census', {
      campaign: campaignFormDto(campaign),
      districts: districts.map((district) => ({
        id: district.id,
        name: district.name,
        code: district.code,
      })),
      canManage: await canManage(ctx, campaign),
    })
  }

  async store(ctx: HttpContext) {
    const campaign = await authorizedCampaign(ctx, 'manage')
    // The file is streamed to a temporary path only now, once the member may manage the census
    // (another kind of file: 415 before it is read).
    await receiveUploads(ctx, { extensions: CENSUS_FILE_EXTENSIONS })
    const input = await ctx.request.validateUsing(censusImportValidator)
    const result = await importCensus(staffActor(ctx), campaign.id, input)
    switch (result.outcome) {
      case 'ok':
        return answer.backWith(ctx, 'census_imported', {
          added: result.added,
          present: result.alreadyPresent,
        })
      case 'closed':
        return answer.refuse(ctx, 'census_closed')
      case 'invalid':
        return answer.failWith(ctx, result.errors)
      case 'not_found':
        return notFound()
      case 'bad_lines': {
        const t = (key: string, values: Record<string, string | number>) =>
          ctx.i18n.t(`campaigns.census.${key}`, values)
        throw new vineErrors.E_VALIDATION_ERROR([
          {
            field: 'csv',
            rule: 'census_lines',
            message: t('bad_lines', { count: result.errors.length }),
          },
          ...result.errors.slice(0, LINE_ERRORS_SHOWN_MAX).map((error) => ({
            field: `lines.${error.line}`,
            rule: `census_${error.code}`,
            message: t(error.code, { line: error.line, value: error.value ?? '' }),
          })),
        ])
      }
    }
  }
}
