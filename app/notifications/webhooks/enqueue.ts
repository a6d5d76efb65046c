/*
| Webhook deliveries are written by the domain-event handler in the event's own transaction
| (outbox): one `pending` row per active endpoint subscribed to the event's type. The worker
| (`deliver.ts`) posts them later.
*/
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { DomainEvent } from '#shared/domain_events'

/** The JSON body the receiver gets (docs/webhooks.md "Payload"). */
export function payloadOf(event: DomainEvent | { type: 'test' }, occurredAt: Date) {
  const { type, ...data } = event
  return { type, occurredAt: occurredAt.toISOString(), data }
}

export async function enqueueWebhookDeliveries(
  event: DomainEvent,
  trx: TransactionClientContract
): Promise<void> {
  const now = new Date()
  const endpoints = await trx
    .from('webhook_endpoints')
    .where('active', true)
    .whereRaw('event_types @> ?::jsonb', [JSON.stringify([event.type])])
    .select('id')
  if (endpoints.length === 0) return
  const payload = JSON.stringify(payloadOf(event, now))
  await trx.table('webhook_deliveries').insert(
    endpoints.map((endpoint: { id: number }) => ({
      endpoint_id: endpoint.id,
      event_type: event.type,
      payload,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    }))
  )
}

/** The "send test event" button: a `test` delivery to one endpoint, active or not. */
export async function enqueueTestDelivery(endpointId: number): Promise<void> {
  const now = new Date()
  await db.table('webhook_deliveries').insert({
    endpoint_id: endpointId,
    event_type: 'test',
    payload: JSON.stringify(payloadOf({ type: 'test' }, now)),
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    created_at: now,
  })
}
