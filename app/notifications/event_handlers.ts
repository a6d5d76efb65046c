/*
| What this module does when something happens elsewhere (`#shared/domain_events`): every event
| becomes webhook deliveries; voting opened and results published also queue notices to
| residents. Both only write rows in the event's transaction; the workers send later.
*/
import { onDomainEvent } from '#shared/domain_events'
import { enqueueWebhookDeliveries } from '#notifications/webhooks/enqueue'
import { queueNotices } from '#notifications/notices/queue_notices'

onDomainEvent('notifications.webhooks', enqueueWebhookDeliveries)

onDomainEvent('notifications.notices', async (event, trx) => {
  if (event.type === 'campaign.voting_opened') {
    await queueNotices(event.campaignId, 'voting_opened', trx)
  } else if (event.type === 'campaign.results_published') {
    await queueNotices(event.campaignId, 'results_published', trx)
  }
})
