import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import identityConfig from '#config/identity'
import type Resident from '#identity/models/resident'
import { districtChoices } from '#identity/profile/district_choices'
import { declareDistrict } from '#identity/profile/declare_district'
import { exportResidentData } from '#identity/profile/export_resident_data'
import { deleteResident } from '#identity/profile/delete_resident'
import {
  declareDistrictValidator,
  deleteAccountValidator,
  noticePreferencesValidator,
  displayNameValidator,
} from '#identity/validators/profile_validators'
import { setNoticePreferences } from '#identity/profile/notice_preferences'
import { safeNextPath } from '#identity/safe_next'
import { responsesFor, type ModuleResponses } from '#shared/controllers/responses'
import { oidcSettings } from '#identity/oidc/oidc_settings'
import { residentOidcIdentity } from '#identity/oidc/oidc_links'
import { pendingPhoneLink } from '#identity/controllers/profile_phone_controller'

const answer: ModuleResponses = responsesFor('identity.profile')

/** The signed-in resident's profile: district, consents, their data, deleting the account. */
export default class ProfileController {
  /** GET /profile */
  async show({ auth, inertia, request, session }: HttpContext) {
    const resident = auth.use('resident').user as Resident
    const consents = await db
      .from('consent_records')
      .where('resident_id', resident.id)
      // Ids are random and times hours (migration 0170): newest first by time, then version.
      .orderBy('accepted_at', 'desc')
      .orderBy('version', 'desc')
      .select('version', 'accepted_at')
    const provider = oidcSettings()
    return inertia.render('profile/show', {
      phone: resident.phoneE164,
      displayName: resident.displayName,
      phoneCodeSentTo: resident.phoneE164 === null ? pendingPhoneLink(session) : null,
      oidc: provider
        ? { name: provider.displayName, linked: (await residentOidcIdentity(resident.id)) !== null }
        : null,
      districtId: resident.districtId,
      districtSource: resident.districtSource,
      districts: await districtChoices(),
      consents: consents.map((row: { version: string; accepted_at: Date }) => ({
        version: row.version,
        acceptedAt: new Date(row.accepted_at).toISOString(),
      })),
      consentVersion: identityConfig.consentVersion,
      notices: resident.noticesOptIn,
      noticesEmail: resident.noticesEmail,
      next: request.qs().next ? safeNextPath(request.qs().next) : null,
    })
  }

  /** PUT /profile/district {districtId, next?} */
  async updateDistrict(ctx: HttpContext) {
    const resident = ctx.auth.use('resident').user as Resident
    const { districtId, next } = await ctx.request.validateUsing(declareDistrictValidator)
    const result = await declareDistrict(resident, districtId)
    if (result.outcome === 'unknown_district') {
      answer.failWith(ctx, [{ field: 'districtId', rule: 'unknown_district' }])
    }
    ctx.session.flash('success', ctx.i18n.t('identity.profile.flash.district_saved'))
    return ctx.response.redirect(next ? safeNextPath(next) : '/profile')
  }

  /** PUT /profile/notices {notices, noticesEmail?} */
  async updateNotices(ctx: HttpContext) {
    const resident = ctx.auth.use('resident').user as Resident
    const input = await ctx.request.validateUsing(noticePreferencesValidator)
    await setNoticePreferences(resident, input)
    ctx.session.flash(
      'success',
      ctx.i18n.t(
        resident.noticesOptIn
          ? 'identity.profile.flash.notices_on'
          : 'identity.profile.flash.notices_off'
      )
    )
    return ctx.response.redirect('/profile')
  }

  /** PUT /profile/display-name {displayName} — empty or absent clears it. */
  async updateDisplayName(ctx: HttpContext) {
    const resident = ctx.auth.use('resident').user as Resident
    const { displayName } = await ctx.request.validateUsing(displayNameValidator)
    resident.displayName = displayName ? displayName : null
    await resident.save()
    ctx.session.flash('success', ctx.i18n.t('identity.profile.flash.display_name_saved'))
    return ctx.response.redirect('/profile')
  }

  /** GET /profile/data.json — a download of everything held about the resident. */
  async data({ auth, response }: HttpContext) {
    const resident = auth.use('resident').user as Resident
    response.header('Content-Disposition', 'attachment; filename="my-civic-budget-data.json"')
    response.header('Cache-Control', 'no-store')
    return response.json(await exportResidentData(resident))
  }

  /** DELETE /profile {confirm} */
  async destroy(ctx: HttpContext) {
    const resident = ctx.auth.use('resident').user as Resident
    await ctx.request.validateUsing(deleteAccountValidator)
    const result = await deleteResident(resident)
    if (result.outcome === 'blocked') return answer.refuse(ctx, result.reason)
    await ctx.auth.use('resident').logout()
    ctx.response.header('Clear-Site-Data', '"storage"')
    ctx.session.flash('success', ctx.i18n.t('identity.profile.flash.deleted'))
    return ctx.response.redirect('/')
  }
}
