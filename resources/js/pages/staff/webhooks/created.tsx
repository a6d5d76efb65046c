import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import type { WebhookEndpoint } from './index'

interface Props {
  endpoint: WebhookEndpoint
  secret: string
}

/** Shown once, right after adding a webhook: its signing secret. */
export default function WebhookCreated({ endpoint, secret }: Props) {
  const t = useT()
  return (
    <>
      <Head title={t('ui.notifications.webhooks.created_title')} />
      <h1>{t('ui.notifications.webhooks.created_title')}</h1>
      <p style={{ overflowWrap: 'anywhere' }}>{endpoint.url}</p>
      <section className="card" aria-labelledby="secret-heading">
        <h2 id="secret-heading">{t('ui.notifications.webhooks.secret')}</h2>
        <p role="status">{t('ui.notifications.webhooks.secret_once')}</p>
        <pre
          data-testid="webhook-secret"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {secret}
        </pre>
      </section>
      <p>
        <Link href={`/staff/webhooks/${endpoint.id}`}>{t('ui.notifications.webhooks.open')}</Link>
        {' · '}
        <Link href="/staff/webhooks">{t('ui.notifications.webhooks.back')}</Link>
      </p>
    </>
  )
}
