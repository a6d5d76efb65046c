/*
| Routes of the implementation module: staff tracking screens, the public progress page,
| milestone photos and the public JSON API.
*/
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'
import { acceptsUploads } from '#shared/upload_intake'
import { middleware } from '#start/kernel'
import { addStaffNavItem } from '#identity/staff/staff_nav'

const StaffImplementationController = () =>
  import('#implementation/controllers/staff_implementation_controller')
const ProgressController = () => import('#implementation/controllers/progress_controller')

const number = ROW_ID_MATCHER

// Public
router.get('/campaigns/:slug/progress', [ProgressController, 'show']).as('campaigns.progress')
router
  .get('/implementation/photos/:id', [ProgressController, 'photo'])
  .as('implementation.photos.show')
  .where('id', number)
router
  .get('/api/v1/campaigns/:id/progress', [ProgressController, 'api'])
  .as('api.v1.campaigns.progress')

// Staff
router
  .group(() => {
    router.get('/', [StaffImplementationController, 'index']).as('index')
    router
      .get('/campaigns/:campaignId', [StaffImplementationController, 'campaign'])
      .as('campaign')
      .where('campaignId', number)
    router
      .get('/projects/:projectId', [StaffImplementationController, 'project'])
      .as('project')
      .where('projectId', number)
    router
      .post('/projects/:projectId/funding', [StaffImplementationController, 'funding'])
      .as('funding')
      .where('projectId', number)
    router
      .put('/projects/:projectId/progress', [StaffImplementationController, 'progress'])
      .as('progress')
      .where('projectId', number)
    acceptsUploads(
      router
        .post('/projects/:projectId/milestones', [StaffImplementationController, 'storeMilestone'])
        .as('milestones.store')
        .where('projectId', number)
    )
    acceptsUploads(
      router
        .put('/projects/:projectId/milestones/:milestoneId', [
          StaffImplementationController,
          'updateMilestone',
        ])
        .as('milestones.update')
        .where('projectId', number)
        .where('milestoneId', number)
    )
    router
      .delete('/projects/:projectId/milestones/:milestoneId', [
        StaffImplementationController,
        'destroyMilestone',
      ])
      .as('milestones.destroy')
      .where('projectId', number)
      .where('milestoneId', number)
  })
  .prefix('/staff/implementation')
  .as('staff.implementation')
  .use(middleware.staffAuth())

addStaffNavItem({
  href: '/staff/implementation',
  label: 'ui.implementation.staff.nav',
  allowed: (ctx) => ctx.bouncer.with('implementation').allows('viewAny'),
})
