/*
| Routes of the outcomes module: Pabulib import/export, rule comparison and override (staff).
*/
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'
import { acceptsUploads } from '#shared/upload_intake'
import { middleware } from '#start/kernel'
import { addStaffNavItem } from '#identity/staff/staff_nav'

const StaffOutcomesController = () => import('#outcomes/controllers/staff_outcomes_controller')
const number = ROW_ID_MATCHER

router
  .group(() => {
    router.get('/outcomes/import', [StaffOutcomesController, 'importForm']).as('import.form')
    acceptsUploads(
      router.post('/outcomes/import', [StaffOutcomesController, 'importFile']).as('import.store')
    )
    router
      .get('/campaigns/:id/export.pb', [StaffOutcomesController, 'exportPb'])
      .as('export.pb')
      .where('id', number)
    router
      .get('/campaigns/:id/outcome', [StaffOutcomesController, 'compare'])
      .as('compare')
      .where('id', number)
    router
      .post('/campaigns/:id/outcome/override', [StaffOutcomesController, 'override'])
      .as('override')
      .where('id', number)
  })
  .prefix('/staff')
  .as('staff.outcomes')
  .use(middleware.staffAuth())

addStaffNavItem({
  href: '/staff/outcomes/import',
  label: 'ui.outcomes.staff.nav_import',
  allowed: (ctx) => ctx.bouncer.with('outcome').allows('importAny'),
})

await import('#outcomes/start/campaign_extensions')
