/*
| Routes of the campaigns module: staff screens (wizard, stage control, census),
| residents' pages and the public read-only JSON API.
*/
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'
import { acceptsUploads } from '#shared/upload_intake'
import { middleware } from '#start/kernel'
import { addStaffNavItem } from '#identity/staff/staff_nav'

const StaffCampaignsController = () => import('#campaigns/controllers/staff_campaigns_controller')
const StaffPotsController = () => import('#campaigns/controllers/staff_pots_controller')
const StaffCategoriesController = () => import('#campaigns/controllers/staff_categories_controller')
const StaffSettingsController = () => import('#campaigns/controllers/staff_settings_controller')
const StaffCensusController = () => import('#campaigns/controllers/staff_census_controller')
const StaffStagesController = () => import('#campaigns/controllers/staff_stages_controller')
const PublicCampaignsController = () => import('#campaigns/controllers/public_campaigns_controller')
const ApiCampaignsController = () => import('#campaigns/controllers/api_campaigns_controller')
const StaffApiCampaignsController = () =>
  import('#campaigns/controllers/staff_api_campaigns_controller')

const id = { id: ROW_ID_MATCHER }

router
  .group(() => {
    router.get('/', [StaffCampaignsController, 'index']).as('index')
    router.get('/create', [StaffCampaignsController, 'create']).as('create')
    router.post('/', [StaffCampaignsController, 'store']).as('store')
    router.get('/:id', [StaffCampaignsController, 'edit']).as('edit').where('id', id.id)
    router.put('/:id', [StaffCampaignsController, 'update']).as('update').where('id', id.id)
    router.get('/:id/review', [StaffCampaignsController, 'review']).as('review').where('id', id.id)
    router.post('/:id/stage', [StaffStagesController, 'update']).as('stage').where('id', id.id)

    router.get('/:id/pots', [StaffPotsController, 'index']).as('pots').where('id', id.id)
    router.post('/:id/pots', [StaffPotsController, 'store']).as('pots.store').where('id', id.id)
    router
      .put('/:id/pots/:potId', [StaffPotsController, 'update'])
      .as('pots.update')
      .where('id', id.id)
      .where('potId', ROW_ID_MATCHER)
    router
      .delete('/:id/pots/:potId', [StaffPotsController, 'destroy'])
      .as('pots.destroy')
      .where('id', id.id)
      .where('potId', ROW_ID_MATCHER)

    router
      .post('/:id/categories', [StaffCategoriesController, 'store'])
      .as('categories.store')
      .where('id', id.id)
    router
      .put('/:id/categories/:categoryId', [StaffCategoriesController, 'update'])
      .as('categories.update')
      .where('id', id.id)
      .where('categoryId', ROW_ID_MATCHER)
    router
      .delete('/:id/categories/:categoryId', [StaffCategoriesController, 'destroy'])
      .as('categories.destroy')
      .where('id', id.id)
      .where('categoryId', ROW_ID_MATCHER)

    router.get('/:id/settings', [StaffSettingsController, 'show']).as('settings').where('id', id.id)
    router
      .put('/:id/eligibility', [StaffSettingsController, 'updateEligibility'])
      .as('eligibility.update')
      .where('id', id.id)
    router
      .put('/:id/outcome', [StaffSettingsController, 'updateOutcome'])
      .as('outcome.update')
      .where('id', id.id)

    router.get('/:id/census', [StaffCensusController, 'show']).as('census').where('id', id.id)
    acceptsUploads(
      router
        .post('/:id/census', [StaffCensusController, 'store'])
        .as('census.store')
        .where('id', id.id)
    )
  })
  .prefix('/staff/campaigns')
  .as('staff.campaigns')
  .use(middleware.staffAuth())

router.get('/campaigns', [PublicCampaignsController, 'index']).as('campaigns.index')
router.get('/campaigns/:slug', [PublicCampaignsController, 'show']).as('campaigns.show')

// Staff API (bearer staff API tokens with scopes; app/identity/README.md "Staff API tokens").
router
  .group(() => {
    router
      .get('/campaigns', [StaffApiCampaignsController, 'index'])
      .as('index')
      .use(middleware.staffApi({ scope: 'read' }))
    router
      .put('/campaigns/:id/stage-dates', [StaffApiCampaignsController, 'updateStageDates'])
      .as('stage_dates')
      .where('id', id.id)
      .use(middleware.staffApi({ scope: 'campaigns:write' }))
  })
  .prefix('/api/v1/staff')
  .as('api.v1.staff.campaigns')

router
  .group(() => {
    router.get('/campaigns', [ApiCampaignsController, 'index']).as('index')
    router.get('/campaigns/:id', [ApiCampaignsController, 'show']).as('show')
  })
  .prefix('/api/v1')
  .as('api.v1.campaigns')

addStaffNavItem({
  href: '/staff/campaigns',
  label: 'ui.campaigns.staff.title',
  allowed: (ctx) => ctx.bouncer.with('campaign').allows('viewList'),
})
