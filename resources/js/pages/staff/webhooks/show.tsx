import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import LoadingButton from '~/components/form/loading_button'
import Pagination from '~/components/pagination'
import type { WebhookEndpoint } from './index'
import TableWrap from '~/components/table_wrap'

interface Delivery {
  id: number
  eventType: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  nextAttemptAt: string | null
  lastStatusCode: number | null
  lastError: string | null
  createdAt: string
  deliveredAt: string | null
}

interface Props {
  endpoint: WebhookEndpoint
  deliveries: Delivery[]
  page: number
  lastPage: number
}

/** One webhook: switch it on or off, send a test event, remove it; its delivery log. */
export default function WebhookShow({ endpoint, deliveries, page, lastPage }: Props) {
  const t = useT()
  const dates = useDates()
  const test = useForm({})
  const active = useForm({ active: !endpoint.active })
  const removal = useForm({})
  return (
    <>
      <Head title={t('ui.notifications.webhooks.title')} />
      <p>
        <Link href="/staff/webhooks">{t('ui.notifications.webhooks.back')}</Link>
      </p>
      <h1 style={{ overflowWrap: 'anywhere' }}>{endpoint.url}</h1>
      <p>
        {endpoint.active
          ? t('ui.notifications.webhooks.active')
          : t('ui.notifications.webhooks.inactive')}
        {' · '}
        {endpoint.eventTypes.map((type) => t(`ui.notifications.webhooks.event_${type}`)).join(', ')}
      </p>
      <div className="actions">
        <form
          onSubmit={(event) => {
            event.preventDefault()
            test.post(`/staff/webhooks/${endpoint.id}/test`, { preserveScroll: true })
          }}
        >
          <LoadingButton loading={test.processing}>
            {t('ui.notifications.webhooks.send_test')}
          </LoadingButton>
        </form>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            active.put(`/staff/webhooks/${endpoint.id}/active`, { preserveScroll: true })
          }}
        >
          <LoadingButton loading={active.processing} className="button secondary">
            {endpoint.active
              ? t('ui.notifications.webhooks.turn_off')
              : t('ui.notifications.webhooks.turn_on')}
          </LoadingButton>
        </form>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            if (window.confirm(t('ui.notifications.webhooks.remove_confirm'))) {
              removal.delete(`/staff/webhooks/${endpoint.id}`)
            }
          }}
        >
          <LoadingButton loading={removal.processing} className="button danger">
            {t('ui.notifications.webhooks.remove')}
          </LoadingButton>
        </form>
      </div>

      <h2 id="deliveries">{t('ui.notifications.webhooks.deliveries')}</h2>
      {deliveries.length === 0 ? (
        <p className="muted">{t('ui.notifications.webhooks.no_deliveries')}</p>
      ) : (
        <TableWrap labelledBy="deliveries">
          <table data-testid="webhook-deliveries">
            <thead>
              <tr>
                <th scope="col">{t('ui.notifications.webhooks.event')}</th>
                <th scope="col">{t('ui.notifications.webhooks.status')}</th>
                <th scope="col">{t('ui.notifications.webhooks.attempts')}</th>
                <th scope="col">{t('ui.notifications.webhooks.response')}</th>
                <th scope="col">{t('ui.notifications.webhooks.last_error')}</th>
                <th scope="col">{t('ui.notifications.webhooks.queued_at')}</th>
                <th scope="col">{t('ui.notifications.webhooks.next_attempt')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{t(`ui.notifications.webhooks.event_${delivery.eventType}`)}</td>
                  <td>{t(`ui.notifications.webhooks.status_${delivery.status}`)}</td>
                  <td>{delivery.attempts}</td>
                  <td>{delivery.lastStatusCode ?? '—'}</td>
                  <td style={{ overflowWrap: 'anywhere' }}>{delivery.lastError ?? '—'}</td>
                  <td>
                    <time dateTime={delivery.createdAt}>
                      {dates.dateTimeSeconds(delivery.createdAt)}
                    </time>
                  </td>
                  <td>{dates.dateTimeSeconds(delivery.nextAttemptAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pagination
        page={page}
        lastPage={lastPage}
        filters={{}}
        path={`/staff/webhooks/${endpoint.id}`}
      />
    </>
  )
}
