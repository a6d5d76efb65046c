import type { HttpContext } from '@adonisjs/core/http'
import { acceptInvitation, findInvitation } from '#identity/staff/accept_invitation'
import { acceptInvitationValidator } from '#identity/validators/staff_validators'
import { tagStaffSession } from '#identity/sessions/staff_sessions'

/** The invitee's page: set a password, which activates the account. */
export default class StaffInvitationsController {
  async show({ params, inertia, response }: HttpContext) {
    const found = await findInvitation(String(params.token))
    if (found.state !== 'valid') {
      response.status(found.state === 'expired' ? 410 : 404)
      return inertia.render('staff/invitations/invalid', { reason: found.state })
    }
    return inertia.render('staff/invitations/accept', {
      token: String(params.token),
      member: { name: found.member.fullName, email: found.member.email },
    })
  }

  async accept(ctx: HttpContext) {
    const { params, request, response, session, i18n, inertia, auth } = ctx
    const token = String(params.token)
    const found = await findInvitation(token)
    if (found.state !== 'valid') {
      response.status(found.state === 'expired' ? 410 : 404)
      return inertia.render('staff/invitations/invalid', { reason: found.state })
    }
    const { password } = await request.validateUsing(acceptInvitationValidator)
    const result = await acceptInvitation(ctx, token, password)
    if (result.outcome !== 'ok') {
      response.status(result.outcome === 'expired' ? 410 : 404)
      return inertia.render('staff/invitations/invalid', { reason: result.outcome })
    }
    await auth.use('staff').login(result.member)
    // Listed and revocable like any staff session (admins are then sent to enrol a second factor).
    await tagStaffSession(ctx, result.member.id)
    session.flash('success', i18n.t('staff.invitations.accepted'))
    return response.redirect('/staff')
  }
}
