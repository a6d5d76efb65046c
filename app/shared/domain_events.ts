/*
| Domain events: the one place where a module says "this happened" so that other modules
| (webhooks, notices to residents) can act on it without the emitting module knowing them.
|
|   await emitDomainEvent({ type: 'idea.published', campaignId, ideaId }, trx)
|   onDomainEvent('notifications.webhooks', async (event, trx) => { … })
|
| Invariants: an event is emitted inside the transaction of the change it reports, and every
| handler runs in that transaction — so what a handler writes (a webhook delivery, a queued
| notice) exists exactly when the change committed. Handlers only write rows; anything slow or
| external (HTTP, SMS, mail) is done later by a worker reading those rows. Payloads carry ids and
| public facts only: never personal data, never anything about a ballot.
*/
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

export type DomainEvent =
  | { type: 'campaign.stage_changed'; campaignId: number; from: string; to: string }
  | { type: 'campaign.voting_opened'; campaignId: number }
  | { type: 'campaign.voting_closed'; campaignId: number }
  | { type: 'campaign.results_published'; campaignId: number }
  | { type: 'idea.published'; campaignId: number; ideaId: number }
  | { type: 'project.approved'; campaignId: number; ideaId: number; projectId: number }
  | { type: 'milestone.reached'; projectId: number; milestoneId: number; date: string }

export type DomainEventType = DomainEvent['type']

export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = [
  'campaign.stage_changed',
  'campaign.voting_opened',
  'campaign.voting_closed',
  'campaign.results_published',
  'idea.published',
  'project.approved',
  'milestone.reached',
]

export type DomainEventHandler = (
  event: DomainEvent,
  trx: TransactionClientContract
) => Promise<void>

const handlers = new Map<string, DomainEventHandler>()

/** Registers (or replaces, by name: reloading a module never doubles a handler) a handler. */
export function onDomainEvent(name: string, handler: DomainEventHandler): void {
  handlers.set(name, handler)
}

/** Runs every handler in the caller's transaction; a handler's failure rolls the change back. */
export async function emitDomainEvent(
  event: DomainEvent,
  trx: TransactionClientContract
): Promise<void> {
  if (!trx.isTransaction) throw new Error(`assertion: ${event.type} emitted outside a transaction`)
  for (const handler of handlers.values()) await handler(event, trx)
}
