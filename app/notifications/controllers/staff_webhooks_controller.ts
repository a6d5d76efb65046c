import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { DOMAIN_EVENT_TYPES } from '#shared/domain_events'
import { notFound, routeId, staffActor } from '#shared/controllers/responses'
import {
  createEndpoint,
  findEndpoint,
  listEndpoints,
  removeEndpoint,
  setEndpointActive,
} from '#notifications/webhooks/endpoints'
import { enqueueTestDelivery } from '#notifications/webhooks/enqueue'
import {
  createWebhookValidator,
  deliveriesQueryValidator,
  webhookActiveValidator,
} from '#notifications/validators/webhook_validators'

const DELIVERIES_PER_PAGE = 50

/** Webhook endpoints and their delivery log (unscoped admins). */
export default class StaffWebhooksController {
  /** GET /staff/webhooks */
  async index({ bouncer, inertia }: HttpContext) {
    await bouncer.with('webhook').authorize('manage')
    return inertia.render('staff/webhooks/index', {
      endpoints: await listEndpoints(),
      eventTypes: DOMAIN_EVENT_TYPES,
    })
  }

  /**
   * POST /staff/webhooks — answers with the page showing the secret, once: it is never flashed
   * (the session store is a table) nor shown again.
   */
  async store(ctx: HttpContext) {
    await ctx.bouncer.with('webhook').authorize('manage')
    const input = await ctx.request.validateUsing(createWebhookValidator)
    const { endpoint, secret } = await createEndpoint(staffActor(ctx), input)
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.inertia.render('staff/webhooks/created', { endpoint, secret })
  }

  /** GET /staff/webhooks/:id — the endpoint and its deliveries, newest first. */
  async show(ctx: HttpContext) {
    await ctx.bouncer.with('webhook').authorize('manage')
    const endpoint = await findEndpoint(routeId(ctx))
    if (!endpoint) notFound()
    const { page = 1 } = await deliveriesQueryValidator.validate(ctx.request.qs())
    const deliveries = await db
      .from('webhook_deliveries')
      .where('endpoint_id', endpoint.id)
      .orderBy('id', 'desc')
      .select(
        'id',
        'event_type',
        'status',
        'attempts',
        'next_attempt_at',
        'last_status_code',
        'last_error',
        'created_at',
        'delivered_at'
      )
      .paginate(page, DELIVERIES_PER_PAGE)
    const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null)
    return ctx.inertia.render('staff/webhooks/show', {
      endpoint,
      deliveries: deliveries.all().map((row) => ({
        id: Number(row.id),
        eventType: row.event_type,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
        lastStatusCode: row.last_status_code,
        lastError: row.last_error,
        createdAt: iso(row.created_at),
        deliveredAt: iso(row.delivered_at),
      })),
      page: deliveries.currentPage,
      lastPage: deliveries.lastPage,
    })
  }

  /** POST /staff/webhooks/:id/test — queues a `test` event for this endpoint. */
  async test(ctx: HttpContext) {
    await ctx.bouncer.with('webhook').authorize('manage')
    const endpoint = await findEndpoint(routeId(ctx))
    if (!endpoint) notFound()
    await enqueueTestDelivery(endpoint.id)
    ctx.session.flash('success', ctx.i18n.t('notifications.flash.test_queued'))
    return ctx.response.redirect(`/staff/webhooks/${endpoint.id}`)
  }

  /** PUT /staff/webhooks/:id/active {active} */
  async setActive(ctx: HttpContext) {
    await ctx.bouncer.with('webhook').authorize('manage')
    const id = routeId(ctx)
    const { active } = await ctx.request.validateUsing(webhookActiveValidator)
    if (!(await setEndpointActive(staffActor(ctx), id, active))) notFound()
    ctx.session.flash(
      'success',
      ctx.i18n.t(active ? 'notifications.flash.activated' : 'notifications.flash.deactivated')
    )
    return ctx.response.redirect(`/staff/webhooks/${id}`)
  }

  /** DELETE /staff/webhooks/:id */
  async destroy(ctx: HttpContext) {
    await ctx.bouncer.with('webhook').authorize('manage')
    if (!(await removeEndpoint(staffActor(ctx), routeId(ctx)))) notFound()
    ctx.session.flash('success', ctx.i18n.t('notifications.flash.removed'))
    return ctx.response.redirect('/staff/webhooks')
  }
}
