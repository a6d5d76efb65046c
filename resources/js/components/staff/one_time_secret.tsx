import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'

/** A secret shown once right after it was made (API or terminal token): select and copy it now. */
export default function OneTimeSecret({ title, value }: { title: string; value: string }) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="one-time-secret" role="status">
      <h2 id="one-time-secret">{title}</h2>
      <p className="hint">{t('ui.staff_api.shown_once')}</p>
      <TextInput
        label={t('ui.staff_api.token')}
        readOnly
        value={value}
        className="break"
        onFocus={(event) => event.target.select()}
      />
    </section>
  )
}
