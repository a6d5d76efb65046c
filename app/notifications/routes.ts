/*
| Routes of the notifications module: webhooks (staff, unscoped admins) and the unsubscribe link
| of notices to residents (no login). Also registers the module's domain-event handlers, which
| every environment needs (routes files are loaded everywhere).
*/
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'
import { middleware } from '#start/kernel'
import { addStaffNavItem } from '#identity/staff/staff_nav'

const StaffWebhooksController = () => import('#notifications/controllers/staff_webhooks_controller')
const UnsubscribeController = () => import('#notifications/controllers/unsubscribe_controller')

router
  .group(() => {
    router.get('/webhooks', [StaffWebhooksController, 'index']).as('index')
    router.post('/webhooks', [StaffWebhooksController, 'store']).as('store')
    router
      .get('/webhooks/:id', [StaffWebhooksController, 'show'])
      .as('show')
      .where('id', ROW_ID_MATCHER)
    router
      .post('/webhooks/:id/test', [StaffWebhooksController, 'test'])
      .as('test')
      .where('id', ROW_ID_MATCHER)
    router
      .put('/webhooks/:id/active', [StaffWebhooksController, 'setActive'])
      .as('active')
      .where('id', ROW_ID_MATCHER)
    router
      .delete('/webhooks/:id', [StaffWebhooksController, 'destroy'])
      .as('destroy')
      .where('id', ROW_ID_MATCHER)
  })
  .prefix('/staff')
  .as('staff.webhooks')
  .use(middleware.staffAuth())

router.get('/notices/unsubscribe/:token', [UnsubscribeController, 'show']).as('notices.unsubscribe')
router
  .post('/notices/unsubscribe/:token', [UnsubscribeController, 'confirm'])
  .as('notices.unsubscribe.confirm')

addStaffNavItem({
  href: '/staff/webhooks',
  label: 'ui.notifications.webhooks.nav',
  allowed: (ctx) => ctx.bouncer.with('webhook').allows('manage'),
})

await import('#notifications/event_handlers')
await import('#notifications/resident_data')
