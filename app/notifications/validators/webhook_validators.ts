import vine from '@vinejs/vine'
import { DOMAIN_EVENT_TYPES } from '#shared/domain_events'

/**
 * POST /staff/webhooks {url, eventTypes}. Only http(s) URLs; any host (an admin may point a
 * webhook at an internal service: the URL is admin-trusted, docs/webhooks.md "Trust").
 */
export const createWebhookValidator = vine.compile(
  vine.object({
    url: vine
      .string()
      .trim()
      .maxLength(2000)
      .url({ require_protocol: true, protocols: ['http', 'https'], require_tld: false }),
    eventTypes: vine.array(vine.enum(DOMAIN_EVENT_TYPES)).minLength(1).distinct(),
  })
)

/** PUT /staff/webhooks/:id/active {active} */
export const webhookActiveValidator = vine.compile(vine.object({ active: vine.boolean() }))

/** GET /staff/webhooks/:id?page= */
export const deliveriesQueryValidator = vine.compile(
  vine.object({ page: vine.number().withoutDecimals().min(1).max(100_000).optional() })
)
