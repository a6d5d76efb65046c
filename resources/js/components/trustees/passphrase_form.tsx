import { useState, type FormEvent } from 'react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'

/** As PASSPHRASE_MIN_LENGTH of the protocol package (checked there again). */
const PASSPHRASE_MIN = 12

/** The trustee page's passphrase form: once to unlock the key file, twice (`confirm`) to make it. */
export default function PassphraseForm({
  label,
  busy,
  confirm = false,
  onSubmit,
}: {
  label: string
  busy: boolean
  confirm?: boolean
  onSubmit: (passphrase: string) => unknown
}) {
  const t = useT()
  const [passphrase, setPassphrase] = useState('')
  const [again, setAgain] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (confirm && passphrase.length < PASSPHRASE_MIN) {
      return setProblem(t('ui.trustees.page.errors.short_passphrase'))
    }
    if (confirm && passphrase !== again) return setProblem(t('ui.trustees.page.errors.mismatch'))
    setProblem(null)
    void onSubmit(passphrase)
  }
  return (
    <form onSubmit={submit} noValidate>
      <TextInput
        type="password"
        autoComplete={confirm ? 'new-password' : 'current-password'}
        label={t('ui.trustees.page.passphrase')}
        hint={confirm ? t('ui.trustees.page.passphrase_hint', { min: PASSPHRASE_MIN }) : undefined}
        value={passphrase}
        error={confirm ? undefined : (problem ?? undefined)}
        onChange={(event) => setPassphrase(event.target.value)}
      />
      {confirm && (
        <TextInput
          type="password"
          autoComplete="new-password"
          label={t('ui.trustees.page.passphrase_again')}
          value={again}
          error={problem ?? undefined}
          onChange={(event) => setAgain(event.target.value)}
        />
      )}
      <button type="submit" className="button" disabled={busy} aria-busy={busy}>
        {label}
      </button>
    </form>
  )
}
