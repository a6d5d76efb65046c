/*
| Webhook endpoints an admin registers. The secret is generated here (32 random bytes, hex),
| returned once to be shown to the admin, and stored encrypted with APP_KEY. The URL is
| admin-trusted (docs/webhooks.md "Trust"): only http(s) is accepted, and the worker follows no
| redirect and gives up after a timeout.
*/
import { randomBytes } from 'node:crypto'
import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import { audit, type AuditActor } from '#shared/audit'
import type { DomainEventType } from '#shared/domain_events'

export interface EndpointRow {
  id: number
  url: string
  eventTypes: DomainEventType[]
  active: boolean
  createdAt: string
}

interface StoredEndpoint {
  id: number
  url: string
  event_types: DomainEventType[]
  active: boolean
  created_at: Date
}

function toRow(row: StoredEndpoint): EndpointRow {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.event_types,
    active: row.active,
    createdAt: new Date(row.created_at).toISOString(),
  }
}

export async function listEndpoints(): Promise<EndpointRow[]> {
  const rows = await db.from('webhook_endpoints').orderBy('id').select('*')
  return rows.map(toRow)
}

export async function findEndpoint(id: number): Promise<EndpointRow | null> {
  const row = await db.from('webhook_endpoints').where('id', id).first()
  return row ? toRow(row) : null
}

/** The endpoint's signing secret (decrypted), or null when the endpoint is gone. */
export async function secretOf(id: number): Promise<string | null> {
  const row = await db.from('webhook_endpoints').where('id', id).select('secret').first()
  return row ? encryption.decrypt<string>(row.secret) : null
}

/** Creates an endpoint; the answer holds the only plain copy of its secret. */
export async function createEndpoint(
  actor: AuditActor,
  input: { url: string; eventTypes: DomainEventType[] }
): Promise<{ endpoint: EndpointRow; secret: string }> {
  const secret = randomBytes(32).toString('hex')
  return db.transaction(async (trx) => {
    const now = new Date()
    const [row] = await trx
      .table('webhook_endpoints')
      .insert({
        url: input.url,
        secret: encryption.encrypt(secret),
        event_types: JSON.stringify(input.eventTypes),
        active: true,
        created_at: now,
        updated_at: now,
      })
      .returning('*')
    await audit.record(
      actor,
      'webhook.created',
      { type: 'webhook_endpoint', id: row.id },
      { after: { url: input.url, eventTypes: input.eventTypes } },
      { client: trx }
    )
    return { endpoint: toRow(row), secret }
  })
}

/** Switches an endpoint on or off; an inactive endpoint gets no new deliveries. */
export async function setEndpointActive(
  actor: AuditActor,
  id: number,
  active: boolean
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const updated = await trx
      .from('webhook_endpoints')
      .where('id', id)
      .update({ active, updated_at: new Date() })
    if (Number(updated) === 0) return false
    await audit.record(
      actor,
      active ? 'webhook.activated' : 'webhook.deactivated',
      { type: 'webhook_endpoint', id },
      null,
      { client: trx }
    )
    return true
  })
}

/** Removes an endpoint with its delivery log. */
export async function removeEndpoint(actor: AuditActor, id: number): Promise<boolean> {
  return db.transaction(async (trx) => {
    const removed = await trx.from('webhook_endpoints').where('id', id).delete()
    if (Number(removed) === 0) return false
    await audit.record(actor, 'webhook.removed', { type: 'webhook_endpoint', id }, null, {
      client: trx,
    })
    return true
  })
}
