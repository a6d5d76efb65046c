/*
| Routes of the proposals module: residents' idea pages, supports and attachments,
| staff queues (moderation, expert review, ballot list) and the public JSON API.
*/
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'
import { acceptsUploads } from '#shared/upload_intake'
import { middleware } from '#start/kernel'
import { addStaffNavItem } from '#identity/staff/staff_nav'
import '#proposals/campaign_extensions'
import '#proposals/resident_data'

const IdeasController = () => import('#proposals/controllers/ideas_controller')
const SupportsController = () => import('#proposals/controllers/supports_controller')
const AttachmentsController = () => import('#proposals/controllers/attachments_controller')
const StaffProposalsController = () => import('#proposals/controllers/staff_proposals_controller')
const StaffModerationController = () => import('#proposals/controllers/staff_moderation_controller')
const StaffReviewsController = () => import('#proposals/controllers/staff_reviews_controller')
const StaffBallotController = () => import('#proposals/controllers/staff_ballot_controller')
const ApiProjectsController = () => import('#proposals/controllers/api_projects_controller')
const DiscussionController = () => import('#proposals/controllers/discussion_controller')
const StaffCommentsController = () => import('#proposals/controllers/staff_comments_controller')
const StaffApiIdeasController = () => import('#proposals/controllers/staff_api_ideas_controller')

const number = ROW_ID_MATCHER

// Residents
router.get('/campaigns/:slug/ideas', [IdeasController, 'index']).as('ideas.index')
router.get('/ideas/:id', [IdeasController, 'show']).as('ideas.show').where('id', number)
router
  .get('/ideas/:id/attachments/:attachmentId', [AttachmentsController, 'show'])
  .as('ideas.attachments.show')
  .where('id', number)
  .where('attachmentId', number)
router
  .get('/ideas/:id/attachments/:attachmentId/thumb', [AttachmentsController, 'thumb'])
  .as('ideas.attachments.thumb')
  .where('id', number)
  .where('attachmentId', number)
router
  .group(() => {
    router.get('/campaigns/:slug/ideas/new', [IdeasController, 'create']).as('ideas.create')
    // A photo may come with the new idea (multipart); the controller reads it once authorized.
    acceptsUploads(
      router.post('/campaigns/:slug/ideas', [IdeasController, 'store']).as('ideas.store')
    )
    router.get('/ideas/:id/edit', [IdeasController, 'edit']).as('ideas.edit').where('id', number)
    router.put('/ideas/:id', [IdeasController, 'update']).as('ideas.update').where('id', number)
    acceptsUploads(
      router
        .post('/ideas/:id/attachments', [AttachmentsController, 'store'])
        .as('ideas.attachments.store')
        .where('id', number)
    )
    router
      .delete('/ideas/:id/attachments/:attachmentId', [AttachmentsController, 'destroy'])
      .as('ideas.attachments.destroy')
      .where('id', number)
      .where('attachmentId', number)
    router
      .post('/ideas/:id/support', [SupportsController, 'store'])
      .as('ideas.support')
      .where('id', number)
    router
      .delete('/ideas/:id/support', [SupportsController, 'destroy'])
      .as('ideas.withdraw')
      .where('id', number)
    router.get('/my/ideas', [IdeasController, 'mine']).as('ideas.mine')
    router
      .post('/ideas/:id/comments', [DiscussionController, 'comment'])
      .as('ideas.comments.store')
      .where('id', number)
    router
      .post('/comments/:id/report', [DiscussionController, 'report'])
      .as('comments.report')
      .where('id', number)
    router
      .post('/ideas/:id/follow', [DiscussionController, 'follow'])
      .as('ideas.follow')
      .where('id', number)
    router
      .delete('/ideas/:id/follow', [DiscussionController, 'unfollow'])
      .as('ideas.unfollow')
      .where('id', number)
  })
  .use(middleware.residentAuth())

// Staff
router
  .group(() => {
    router.get('/', [StaffProposalsController, 'index']).as('index')
    router
      .get('/campaigns/:campaignId/moderation', [StaffModerationController, 'index'])
      .as('moderation')
      .where('campaignId', number)
    router
      .post('/campaigns/:campaignId/moderation/bulk', [StaffModerationController, 'bulk'])
      .as('moderation.bulk')
      .where('campaignId', number)
    router
      .get('/campaigns/:campaignId/reviews', [StaffReviewsController, 'index'])
      .as('reviews')
      .where('campaignId', number)
    router
      .get('/campaigns/:campaignId/ballot', [StaffBallotController, 'index'])
      .as('ballot')
      .where('campaignId', number)
    router
      .get('/campaigns/:campaignId/comments', [StaffCommentsController, 'index'])
      .as('comments')
      .where('campaignId', number)
    router
      .post('/comments/:id/hide', [StaffCommentsController, 'hide'])
      .as('comments.hide')
      .where('id', number)
    router
      .post('/comments/:id/dismiss', [StaffCommentsController, 'dismiss'])
      .as('comments.dismiss')
      .where('id', number)
    router
      .post('/ideas/:id/hide', [StaffModerationController, 'hide'])
      .as('hide')
      .where('id', number)
    router
      .post('/ideas/:id/unhide', [StaffModerationController, 'unhide'])
      .as('unhide')
      .where('id', number)
    router
      .post('/ideas/:id/merge', [StaffModerationController, 'merge'])
      .as('merge')
      .where('id', number)
    router
      .delete('/ideas/:id/attachments/:attachmentId', [
        StaffModerationController,
        'removeAttachment',
      ])
      .as('attachments.remove')
      .where('id', number)
      .where('attachmentId', number)
    router
      .post('/ideas/:id/experts', [StaffReviewsController, 'assign'])
      .as('experts.assign')
      .where('id', number)
    router
      .post('/ideas/:id/review', [StaffReviewsController, 'store'])
      .as('review')
      .where('id', number)
    router
      .post('/ideas/:id/approve', [StaffBallotController, 'approve'])
      .as('approve')
      .where('id', number)
    router
      .post('/ideas/:id/reject', [StaffBallotController, 'reject'])
      .as('reject')
      .where('id', number)
    router
      .put('/projects/:id', [StaffBallotController, 'update'])
      .as('projects.update')
      .where('id', number)
  })
  .prefix('/staff/proposals')
  .as('staff.proposals')
  .use(middleware.staffAuth())

// Staff API (bearer staff API tokens with scopes; app/identity/README.md "Staff API tokens").
router
  .group(() => {
    router
      .get('/campaigns/:id/ideas', [StaffApiIdeasController, 'index'])
      .as('campaigns.ideas')
      .where('id', number)
      .use(middleware.staffApi({ scope: 'read' }))
    router
      .post('/ideas/:id/hide', [StaffApiIdeasController, 'hide'])
      .as('ideas.hide')
      .where('id', number)
      .use(middleware.staffApi({ scope: 'ideas:moderate' }))
    router
      .post('/ideas/:id/unhide', [StaffApiIdeasController, 'unhide'])
      .as('ideas.unhide')
      .where('id', number)
      .use(middleware.staffApi({ scope: 'ideas:moderate' }))
  })
  .prefix('/api/v1/staff')
  .as('api.v1.staff')

// Public API (read-only)
router
  .group(() => {
    router.get('/campaigns/:id/projects', [ApiProjectsController, 'index']).as('campaigns.projects')
    router.get('/projects/:id', [ApiProjectsController, 'show']).as('projects.show')
  })
  .prefix('/api/v1')
  .as('api.v1')

addStaffNavItem({
  href: '/staff/proposals',
  label: 'ui.proposals.staff.nav',
  allowed: (ctx) => ctx.bouncer.with('proposal').allows('viewAny'),
})
