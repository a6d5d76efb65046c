import { useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'

/** Sign-out is a POST (CSRF-protected), not a link. */
export default function SignOutButton({ action }: { action: string }) {
  const t = useT()
  const form = useForm({})
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        form.post(action)
      }}
    >
      <button type="submit" className="link-button" disabled={form.processing}>
        {t('ui.layout.sign_out')}
      </button>
    </form>
  )
}
