import { useT } from '~/lib/i18n'
import type { IdeaStatus } from '~/components/proposals/types'

/** An idea's status as a small labelled badge. */
export default function StatusBadge({ status }: { status: IdeaStatus }) {
  const t = useT()
  return <span className={`badge badge-${status}`}>{t(`ui.proposals.status.${status}`)}</span>
}
