/*
| Staff identity routes: sign-in/out, invitations, the dashboard, members and
| their grants, the audit log. Every route inside the staffAuth group also
| authorizes per action with Bouncer (see the controllers).
*/
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'
import { middleware } from '#start/kernel'

const StaffSessionController = () => import('#identity/controllers/staff_session_controller')
const StaffTwoFactorController = () => import('#identity/controllers/staff_two_factor_controller')
const StaffDashboardController = () => import('#identity/controllers/staff_dashboard_controller')
const StaffInvitationsController = () =>
  import('#identity/controllers/staff_invitations_controller')
const StaffMembersController = () => import('#identity/controllers/staff_members_controller')
const StaffAuditController = () => import('#identity/controllers/staff_audit_controller')
const StaffOutboxController = () => import('#identity/controllers/staff_outbox_controller')
const StaffApiTokensController = () => import('#identity/controllers/staff_api_tokens_controller')

router
  .group(() => {
    router.get('/login', [StaffSessionController, 'create']).as('login')
    router.post('/login', [StaffSessionController, 'store']).as('login.store')
    router.get('/login/code', [StaffTwoFactorController, 'challenge']).as('login.code')
    router.post('/login/code', [StaffTwoFactorController, 'verify']).as('login.code.store')
  })
  .prefix('/staff')
  .as('staff')
  .use(middleware.guest({ guard: 'staff' }))

router.post('/staff/logout', [StaffSessionController, 'destroy']).as('staff.logout')

// Enrolment: for a signed-in member, or an admin between the password step and a session.
router
  .group(() => {
    router.get('/', [StaffTwoFactorController, 'setup']).as('setup')
    router.post('/', [StaffTwoFactorController, 'enable']).as('enable')
    router.get('/recovery-codes', [StaffTwoFactorController, 'recoveryCodes']).as('recovery_codes')
  })
  .prefix('/staff/two-factor')
  .as('staff.two_factor')

router
  .group(() => {
    router.get('/:token', [StaffInvitationsController, 'show']).as('show')
    router.post('/:token', [StaffInvitationsController, 'accept']).as('accept')
  })
  .prefix('/staff/invitations')
  .as('staff.invitations')

router
  .group(() => {
    router.get('/', [StaffDashboardController, 'show']).as('dashboard')

    router.get('/members', [StaffMembersController, 'index']).as('members.index')
    router.get('/members/create', [StaffMembersController, 'create']).as('members.create')
    router.post('/members', [StaffMembersController, 'store']).as('members.store')
    router
      .get('/members/:id', [StaffMembersController, 'show'])
      .as('members.show')
      .where('id', ROW_ID_MATCHER)
    router
      .post('/members/:id/roles', [StaffMembersController, 'grant'])
      .as('members.roles.store')
      .where('id', ROW_ID_MATCHER)
    router
      .delete('/members/:id/roles/:grantId', [StaffMembersController, 'revoke'])
      .as('members.roles.destroy')
      .where('id', ROW_ID_MATCHER)
      .where('grantId', ROW_ID_MATCHER)
    router
      .post('/members/:id/deactivate', [StaffMembersController, 'deactivate'])
      .as('members.deactivate')
      .where('id', ROW_ID_MATCHER)
    router
      .post('/members/:id/reactivate', [StaffMembersController, 'reactivate'])
      .as('members.reactivate')
      .where('id', ROW_ID_MATCHER)
    router
      .post('/members/:id/invitation', [StaffMembersController, 'resendInvitation'])
      .as('members.invitation')
      .where('id', ROW_ID_MATCHER)
    router
      .delete('/members/:id/invitation', [StaffMembersController, 'cancelInvitation'])
      .as('members.invitation.destroy')
      .where('id', ROW_ID_MATCHER)

    router
      .delete('/members/:id/sessions', [StaffMembersController, 'revokeSessions'])
      .as('members.sessions.destroy')
      .where('id', ROW_ID_MATCHER)
    router
      .delete('/members/:id/sessions/:handle', [StaffMembersController, 'revokeSessions'])
      .as('members.sessions.destroy_one')
      .where('id', ROW_ID_MATCHER)
      .where('handle', /^[0-9a-f]{24}$/)

    router.get('/audit', [StaffAuditController, 'index']).as('audit.index')
    router.get('/outbox', [StaffOutboxController, 'index']).as('outbox.index')

    router.get('/api-tokens', [StaffApiTokensController, 'index']).as('api_tokens.index')
    router.post('/api-tokens', [StaffApiTokensController, 'store']).as('api_tokens.store')
    router
      .delete('/api-tokens/:id', [StaffApiTokensController, 'revoke'])
      .as('api_tokens.destroy')
      .where('id', ROW_ID_MATCHER)
  })
  .prefix('/staff')
  .as('staff')
  .use(middleware.staffAuth())
