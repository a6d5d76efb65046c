import { Head, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'

interface Props {
  token: string
  done: boolean
}

/** The unsubscribe link of a notice: one button, no sign-in. */
export default function Unsubscribe({ token, done }: Props) {
  const t = useT()
  const form = useForm({})
  const action = `/notices/unsubscribe/${encodeURIComponent(token)}`
  return (
    <div className="narrow-text">
      <Head title={t('ui.notifications.unsubscribe.title')} />
      <h1>{t('ui.notifications.unsubscribe.title')}</h1>
      {done ? (
        <p role="status">{t('ui.notifications.unsubscribe.done')}</p>
      ) : (
        <>
          <p>{t('ui.notifications.unsubscribe.lead')}</p>
          <form
            method="post"
            action={action}
            onSubmit={(event) => {
              event.preventDefault()
              form.post(action)
            }}
          >
            <LoadingButton loading={form.processing}>
              {t('ui.notifications.unsubscribe.submit')}
            </LoadingButton>
          </form>
        </>
      )}
    </div>
  )
}
