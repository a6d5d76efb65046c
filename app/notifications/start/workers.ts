/*
| The web server's senders: webhook deliveries and notices to residents (never in tests or ace
| commands; tests call the passes directly).
*/
import { every } from '#shared/interval_job'
import notificationsConfig from '#config/notifications'
import { deliverDueWebhooks } from '#notifications/webhooks/deliver'
import { sendDueNotices } from '#notifications/notices/send_notices'

every(notificationsConfig.webhooks.intervalMs, 'webhook deliveries', () => deliverDueWebhooks(), {
  firstAfterMs: 1_000,
})
every(notificationsConfig.notices.intervalMs, 'resident notices', () => sendDueNotices(), {
  firstAfterMs: 2_000,
})
