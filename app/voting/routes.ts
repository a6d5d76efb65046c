/*
| Routes of the voting module (credentials, ballots, staff paper-ballot import) and its registrations with
| the campaigns module (stage hook, public campaign filler).
*/
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'
import { middleware } from '#start/kernel'
import { addStaffNavItem } from '#identity/staff/staff_nav'
import { acceptsUploads } from '#shared/upload_intake'
import '#voting/start/campaign_extensions'
import '#voting/start/resident_data'
import '#voting/start/claims_on_link'

const CredentialsController = () => import('#voting/controllers/credentials_controller')
const VotePagesController = () => import('#voting/controllers/vote_pages_controller')
const StaffPaperController = () => import('#voting/controllers/staff_paper_controller')
const BallotsController = () => import('#voting/controllers/ballots_controller')
const StaffTerminalsController = () => import('#voting/controllers/staff_terminals_controller')

const id = ROW_ID_MATCHER

router
  .post('/api/v1/campaigns/:id/credential', [CredentialsController, 'apiStore'])
  .as('api.v1.campaigns.credential')
  .where('id', id)
  .use(middleware.apiAuth())

router
  .post('/api/v1/terminal/campaigns/:id/credential', [CredentialsController, 'terminalStore'])
  .as('api.v1.terminal.campaigns.credential')
  .where('id', id)

// The voting page (session + CSRF). Not under /api: /api is CSRF-exempt, so accepting the session
// cookie there would let another site burn a resident's credential with its own blinded point.
router
  .post('/campaigns/:id/credential', [CredentialsController, 'pageStore'])
  .as('campaigns.credential')
  .where('id', id)
  .use(middleware.residentAuth())

// Paper ballots of a campaign (staff): the batches, a preview that saves nothing, the import (both
// take the station's lists as uploaded files).
router
  .group(() => {
    router.get('/:id/paper', [StaffPaperController, 'show']).as('paper').where('id', id)
    // the address a preview was rendered at: reloaded, or "back" after errors, it is the page
    router
      .get('/:id/paper/preview', [StaffPaperController, 'backToPage'])
      .as('paper.preview.page')
      .where('id', id)
    acceptsUploads(
      router
        .post('/:id/paper/preview', [StaffPaperController, 'preview'])
        .as('paper.preview')
        .where('id', id)
    )
    acceptsUploads(
      router.post('/:id/paper', [StaffPaperController, 'store']).as('paper.store').where('id', id)
    )
  })
  .prefix('/staff/campaigns')
  .as('staff.campaigns')
  .use(middleware.staffAuth())

// Kiosk and bank terminals (admins): register (token shown once), rotate the token, revoke.
router
  .group(() => {
    router.get('/', [StaffTerminalsController, 'index']).as('index')
    router.post('/', [StaffTerminalsController, 'store']).as('store')
    router.post('/:id/rotate', [StaffTerminalsController, 'rotate']).as('rotate').where('id', id)
    router.post('/:id/revoke', [StaffTerminalsController, 'revoke']).as('revoke').where('id', id)
  })
  .prefix('/staff/terminals')
  .as('staff.terminals')
  .use(middleware.staffAuth())

addStaffNavItem({
  href: '/staff/terminals',
  label: 'ui.terminals.nav',
  allowed: (ctx) => ctx.bouncer.with('terminal').allows('viewList'),
})

// Residents' voting page and the public check-my-ballot page (README "Pages").
router.get('/campaigns/:slug/vote', [VotePagesController, 'vote']).as('campaigns.vote')
router.get('/check', [VotePagesController, 'check']).as('ballots.check')
// Ballots: anonymous (no session, no bearer, no cookies: anonymous_ballot_middleware).
router
  .post('/api/v1/campaigns/:id/ballots', [BallotsController, 'store'])
  .as('api.v1.campaigns.ballots')
  .where('id', id)

router.get('/api/v1/ballots/:ballotHash', [BallotsController, 'show']).as('api.v1.ballots.show')
