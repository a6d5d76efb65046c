/* Routes of the reporting module: staff reports with charts and their CSV/XLSX exports. */
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'
import { middleware } from '#start/kernel'
import { addStaffNavItem } from '#identity/staff/staff_nav'

const StaffReportsController = () => import('#reporting/controllers/staff_reports_controller')
const number = ROW_ID_MATCHER

router
  .group(() => {
    router.get('/reports', [StaffReportsController, 'index']).as('index')
    router
      .get('/campaigns/:id/reports', [StaffReportsController, 'show'])
      .as('show')
      .where('id', number)
    router
      .get('/campaigns/:id/reports/:file', [StaffReportsController, 'export'])
      .as('export')
      .where('id', number)
  })
  .prefix('/staff')
  .as('staff.reports')
  .use(middleware.staffAuth())

addStaffNavItem({
  href: '/staff/reports',
  label: 'ui.reporting.staff.nav',
  allowed: (ctx) => ctx.bouncer.with('report').allows('viewAny'),
})
