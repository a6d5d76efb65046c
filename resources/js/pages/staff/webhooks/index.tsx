import type { FormEvent } from 'react'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'
import TableWrap from '~/components/table_wrap'

export interface WebhookEndpoint {
  id: number
  url: string
  eventTypes: string[]
  active: boolean
  createdAt: string
}

interface Props {
  endpoints: WebhookEndpoint[]
  eventTypes: string[]
}

/** Webhook endpoints (unscoped admins): the list and the form to add one. */
export default function WebhooksIndex({ endpoints, eventTypes }: Props) {
  const t = useT()
  const form = useForm<{ url: string; eventTypes: string[] }>({ url: '', eventTypes: [] })
  const toggle = (type: string, on: boolean) =>
    form.setData(
      'eventTypes',
      on ? [...form.data.eventTypes, type] : form.data.eventTypes.filter((item) => item !== type)
    )
  const submit = (event: FormEvent) => {
    event.preventDefault()
    form.post('/staff/webhooks')
  }
  const eventsError =
    form.errors.eventTypes ??
    Object.entries(form.errors).find(([key]) => key.startsWith('eventTypes.'))?.[1]
  return (
    <>
      <Head title={t('ui.notifications.webhooks.title')} />
      <h1>{t('ui.notifications.webhooks.title')}</h1>
      <p>{t('ui.notifications.webhooks.lead')}</p>
      <p className="hint">{t('ui.notifications.webhooks.trust')}</p>

      {endpoints.length === 0 ? (
        <p className="muted">{t('ui.notifications.webhooks.empty')}</p>
      ) : (
        <TableWrap label={t('ui.notifications.webhooks.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('ui.notifications.webhooks.url')}</th>
                <th scope="col">{t('ui.notifications.webhooks.events')}</th>
                <th scope="col">{t('ui.notifications.webhooks.status')}</th>
                <th scope="col">
                  <span className="sr-only">{t('ui.notifications.webhooks.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((endpoint) => (
                <tr key={endpoint.id}>
                  <td style={{ overflowWrap: 'anywhere' }}>{endpoint.url}</td>
                  <td>
                    {endpoint.eventTypes
                      .map((type) => t(`ui.notifications.webhooks.event_${type}`))
                      .join(', ')}
                  </td>
                  <td>
                    {endpoint.active
                      ? t('ui.notifications.webhooks.active')
                      : t('ui.notifications.webhooks.inactive')}
                  </td>
                  <td>
                    <Link href={`/staff/webhooks/${endpoint.id}`}>
                      {t('ui.notifications.webhooks.open')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <section className="card" aria-labelledby="new-webhook">
        <h2 id="new-webhook">{t('ui.notifications.webhooks.new')}</h2>
        <form onSubmit={submit} noValidate>
          <TextInput
            id="url"
            type="url"
            inputMode="url"
            autoComplete="off"
            label={t('ui.notifications.webhooks.url_label')}
            value={form.data.url}
            error={form.errors.url}
            onChange={(event) => form.setData('url', event.target.value)}
          />
          <fieldset aria-describedby={eventsError ? 'event-types-error' : undefined}>
            <legend>{t('ui.notifications.webhooks.events_label')}</legend>
            {eventTypes.map((type) => (
              <div className="check" key={type}>
                <input
                  id={`event-${type}`}
                  type="checkbox"
                  checked={form.data.eventTypes.includes(type)}
                  onChange={(event) => toggle(type, event.target.checked)}
                />
                <label htmlFor={`event-${type}`}>
                  {t(`ui.notifications.webhooks.event_${type}`)}
                </label>
              </div>
            ))}
          </fieldset>
          {eventsError && (
            <p id="event-types-error" className="field-error" role="alert">
              {eventsError}
            </p>
          )}
          <LoadingButton loading={form.processing}>
            {t('ui.notifications.webhooks.submit')}
          </LoadingButton>
        </form>
      </section>
    </>
  )
}
