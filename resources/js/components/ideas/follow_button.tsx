import '~/css/ideas.css'
import { Link, router, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'

/** Follow an idea (text messages on its status changes) or stop; signed-out visitors sign in first. */
export default function FollowButton({
  ideaId,
  following,
}: {
  ideaId: number
  following: boolean
}) {
  const t = useT()
  const { resident } = usePage<SharedProps>().props
  if (!resident) {
    return (
      <Link href={`/sign-in?next=/ideas/${ideaId}`} className="button secondary follow-button">
        {t('ui.discussion.follow_sign_in')}
      </Link>
    )
  }
  const toggle = () =>
    following
      ? router.delete(`/ideas/${ideaId}/follow`, { preserveScroll: true })
      : router.post(`/ideas/${ideaId}/follow`, {}, { preserveScroll: true })
  return (
    <button
      type="button"
      className="button secondary follow-button"
      onClick={toggle}
      aria-pressed={following}
      title={t('ui.discussion.follow_hint')}
    >
      {following ? t('ui.discussion.unfollow') : t('ui.discussion.follow')}
    </button>
  )
}
