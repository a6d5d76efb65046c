import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import StaffUser from '#identity/models/staff_user'
import { STAFF_ROLES } from '#identity/roles'
import {
  grantRoleValidator,
  inviteStaffValidator,
  staffListValidator,
} from '#identity/validators/staff_validators'
import { inviteStaff } from '#identity/staff/invite_staff'
import { resendInvitation } from '#identity/staff/resend_invitation'
import { cancelInvitation } from '#identity/staff/cancel_invitation'
import { grantRole, revokeRole, setMemberActive } from '#identity/staff/manage_grants'
import { adminScope, grantsOfMember } from '#identity/staff/staff_scope'
import { communityNames, communityOptions, memberStatus } from '#identity/staff/staff_dto'
import { fieldError } from '#shared/field_error'
import { audit } from '#shared/audit'
import { listStaffSessions, revokeStaffSessions } from '#identity/sessions/staff_sessions'

const PER_PAGE = 25

/** Staff members: list, invite, grants (add/remove), deactivate/reactivate. */
export default class StaffMembersController {
  async index({ bouncer, inertia, request, auth }: HttpContext) {
    await bouncer.authorize('manageStaff')
    const filters = await staffListValidator.validate(request.qs())
    const scope = await adminScope(auth.use('staff').user as StaffUser)
    const query = StaffUser.query().orderBy('full_name').orderBy('id')
    if (scope !== 'all') {
      // Members with a grant inside the admin's subtree, or with no grant at all.
      query.where((inner) => {
        inner
          .whereIn(
            'id',
            db
              .from('staff_roles')
              .whereIn('community_id', scope.length ? scope : [0])
              .select('staff_user_id')
          )
          .orWhereNotIn('id', db.from('staff_roles').select('staff_user_id'))
      })
    }
    if (filters.search) {
      const like = `%${filters.search.replace(/[%_\\]/g, '\\$&')}%`
      query.where((inner) => inner.whereILike('full_name', like).orWhereILike('email', like))
    }
    const page = await query.paginate(filters.page ?? 1, PER_PAGE)
    const members = page.all()
    const grants = members.length
      ? await db
          .from('staff_roles')
          .whereIn(
            'staff_user_id',
            members.map((m) => m.id)
          )
          .select('staff_user_id', 'role')
      : []
    return inertia.render('staff/members/index', {
      filters: { search: filters.search ?? '' },
      members: members.map((member) => ({
        id: member.id,
        name: member.fullName,
        email: member.email,
        status: memberStatus(member),
        roles: [
          ...new Set(
            grants.filter((g) => Number(g.staff_user_id) === member.id).map((g) => g.role)
          ),
        ],
      })),
      meta: { page: page.currentPage, lastPage: page.lastPage, total: page.total },
    })
  }

  async create({ bouncer, inertia, auth }: HttpContext) {
    await bouncer.authorize('manageStaff')
    const scope = await adminScope(auth.use('staff').user as StaffUser)
    return inertia.render('staff/members/create', {
      roles: STAFF_ROLES,
      communities: await communityOptions(scope),
      canGrantEverywhere: scope === 'all',
    })
  }

  async store(ctx: HttpContext) {
    const { bouncer, request, response, session, i18n } = ctx
    await bouncer.authorize('manageStaff')
    const data = await request.validateUsing(inviteStaffValidator)
    await bouncer.authorize('grantInScope', data.communityId ?? null)
    const result = await inviteStaff(ctx, data)
    if (result.outcome === 'email_taken') fieldError('email', i18n.t('staff.members.email_taken'))
    if (result.outcome === 'unknown_community') {
      fieldError('communityId', i18n.t('staff.members.unknown_community'))
    }
    if (result.outcome !== 'ok') return
    session.flash('success', i18n.t('staff.members.invited', { email: result.member.email }))
    session.flash('inviteUrl', result.inviteUrl)
    return response.redirect(`/staff/members/${result.member.id}`)
  }

  async show({ bouncer, inertia, params, session, auth }: HttpContext) {
    const member = await StaffUser.findOrFail(params.id)
    await bouncer.authorize('manageStaffMember', member)
    const actor = auth.use('staff').user as StaffUser
    const grants = await grantsOfMember(member.id)
    const names = await communityNames(grants.map((grant) => grant.communityId))
    const scope = await adminScope(actor)
    const grantRows = []
    for (const grant of grants) {
      grantRows.push({
        id: grant.id,
        role: grant.role,
        communityId: grant.communityId,
        community: grant.communityId === null ? null : (names.get(grant.communityId) ?? null),
        canRevoke: await bouncer.allows('grantInScope', grant.communityId),
      })
    }
    return inertia.render('staff/members/show', {
      member: {
        id: member.id,
        name: member.fullName,
        email: member.email,
        status: memberStatus(member),
        isSelf: member.id === actor.id,
        lastSignInAt: member.lastSignInAt?.toISO() ?? null,
        inviteExpiresAt: member.inviteExpiresAt?.toISO() ?? null,
        invitationOpen: member.inviteTokenHash !== null,
      },
      canManageInvitation: await bouncer.allows('manageInvitation', member),
      grants: grantRows,
      sessions: await listStaffSessions(member.id, session.sessionId),
      inviteUrl: (session.flashMessages.get('inviteUrl') as string | undefined) ?? null,
      roles: STAFF_ROLES,
      communities: await communityOptions(scope),
      canGrantEverywhere: scope === 'all',
    })
  }

  async grant(ctx: HttpContext) {
    const { bouncer, request, response, session, i18n, params } = ctx
    const member = await StaffUser.findOrFail(params.id)
    await bouncer.authorize('manageStaffMember', member)
    const data = await request.validateUsing(grantRoleValidator)
    await bouncer.authorize('grantInScope', data.communityId ?? null)
    const result = await grantRole(ctx, member.id, data.role, data.communityId ?? null)
    if (result.outcome === 'duplicate') fieldError('role', i18n.t('staff.members.grant_exists'))
    if (result.outcome === 'unknown_community') {
      fieldError('communityId', i18n.t('staff.members.unknown_community'))
    }
    session.flash('success', i18n.t('staff.members.granted'))
    return response.redirect(`/staff/members/${member.id}`)
  }

  async revoke(ctx: HttpContext) {
    const { bouncer, response, session, i18n, params, auth } = ctx
    const member = await StaffUser.findOrFail(params.id)
    await bouncer.authorize('manageStaffMember', member)
    const grants = await grantsOfMember(member.id)
    const grant = grants.find((g) => g.id === Number(params.grantId))
    if (!grant) {
      session.flash('error', i18n.t('staff.members.grant_not_found'))
      return response.redirect(`/staff/members/${member.id}`)
    }
    await bouncer.authorize('grantInScope', grant.communityId)
    const actor = auth.use('staff').user as StaffUser
    const result = await revokeRole(ctx, actor, member.id, grant.id)
    const messages = {
      ok: ['success', 'staff.members.revoked'],
      not_found: ['error', 'staff.members.grant_not_found'],
      own_last_admin: ['error', 'staff.members.own_last_admin'],
      last_admin: ['error', 'staff.members.last_admin'],
    } as const
    const [kind, key] = messages[result.outcome]
    session.flash(kind, i18n.t(key))
    return response.redirect(`/staff/members/${member.id}`)
  }

  async deactivate(ctx: HttpContext) {
    return this.setActive(ctx, false)
  }

  async reactivate(ctx: HttpContext) {
    return this.setActive(ctx, true)
  }

  async resendInvitation(ctx: HttpContext) {
    const { bouncer, response, session, i18n, params } = ctx
    const member = await StaffUser.findOrFail(params.id)
    await bouncer.authorize('manageInvitation', member)
    const result = await resendInvitation(ctx, member.id)
    if (result.outcome === 'ok') {
      session.flash('success', i18n.t('staff.members.invitation_renewed'))
      session.flash('inviteUrl', result.inviteUrl)
    } else {
      session.flash('error', i18n.t('staff.members.already_accepted'))
    }
    return response.redirect(`/staff/members/${member.id}`)
  }

  /** DELETE /staff/members/:id/invitation — the link stops working; the account stays pending. */
  async cancelInvitation(ctx: HttpContext) {
    const { bouncer, response, session, i18n, params } = ctx
    const member = await StaffUser.findOrFail(params.id)
    await bouncer.authorize('manageInvitation', member)
    const outcome = await cancelInvitation(ctx, member.id)
    const messages = {
      ok: ['success', 'staff.members.invitation_cancelled'],
      already_accepted: ['error', 'staff.members.already_accepted'],
      no_invitation: ['error', 'staff.members.no_invitation'],
    } as const
    const [kind, key] = messages[outcome]
    session.flash(kind, i18n.t(key))
    return response.redirect(`/staff/members/${member.id}`)
  }

  /** DELETE /staff/members/:id/sessions[/:handle] — signs the member out of one or every device. */
  async revokeSessions(ctx: HttpContext) {
    const { bouncer, response, session, i18n, params } = ctx
    const member = await StaffUser.findOrFail(params.id)
    await bouncer.authorize('manageStaffMember', member)
    const revoked = await revokeStaffSessions(member.id, params.handle)
    await audit.record(
      ctx,
      'staff.sessions_revoked',
      { type: 'staff_user', id: member.id },
      {
        count: revoked,
      }
    )
    session.flash('success', i18n.t('staff.members.sessions_revoked', { count: revoked }))
    return response.redirect(`/staff/members/${member.id}`)
  }

  protected async setActive(ctx: HttpContext, active: boolean) {
    const { bouncer, response, session, i18n, params, auth } = ctx
    const member = await StaffUser.findOrFail(params.id)
    await bouncer.authorize('manageStaffMember', member)
    const result = await setMemberActive(
      ctx,
      auth.use('staff').user as StaffUser,
      member.id,
      active
    )
    const messages = {
      ok: ['success', active ? 'staff.members.reactivated' : 'staff.members.deactivated'],
      self: ['error', 'staff.members.not_yourself'],
      pending: ['error', 'staff.members.pending'],
      unchanged: ['success', active ? 'staff.members.reactivated' : 'staff.members.deactivated'],
    } as const
    // A deactivated member is also signed out everywhere at once, not only on the next request.
    if (!active && result.outcome === 'ok') await revokeStaffSessions(member.id)
    const [kind, key] = messages[result.outcome]
    session.flash(kind, i18n.t(key))
    return response.redirect(`/staff/members/${member.id}`)
  }
}
