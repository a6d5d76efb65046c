import { useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { clearVoteStore } from '~/lib/voting/vote_store'

/**
 * Sign-out is a POST (CSRF-protected), not a link. It first deletes the votes stored in this
 * browser (a shared device keeps no ballot; the answer's `Clear-Site-Data` header does the same
 * where the browser supports it).
 */
export default function SignOutButton({ action }: { action: string }) {
  const t = useT()
  const form = useForm({})
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        void clearVoteStore().then(() => form.post(action))
      }}
    >
      <button type="submit" className="link-button" disabled={form.processing}>
        {t('ui.layout.sign_out')}
      </button>
    </form>
  )
}
