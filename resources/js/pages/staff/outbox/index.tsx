import { Head } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'

interface Props {
  mails: { to: string; subject: string; text: string; sentAt: string }[]
}

/** Development outbox of the log mail driver (invitation links). */
export default function Outbox({ mails }: Props) {
  const t = useT()
  const dates = useDates()
  return (
    <>
      <Head title={t('ui.staff.outbox.title')} />
      <h1>{t('ui.staff.outbox.title')}</h1>
      <p className="hint">{t('ui.staff.outbox.hint')}</p>
      {mails.length === 0 && <p className="muted">{t('ui.staff.outbox.empty')}</p>}
      {mails.map((message, index) => (
        <article key={index} className="card">
          <h2>{message.subject}</h2>
          <p className="muted">
            {t('ui.staff.outbox.to')}: {message.to} · {t('ui.staff.outbox.sent_at')}:{' '}
            <time dateTime={message.sentAt}>{dates.dateTimeSeconds(message.sentAt)}</time>
          </p>
          <pre style={{ whiteSpace: 'pre-wrap' }}>{message.text}</pre>
        </article>
      ))}
    </>
  )
}
