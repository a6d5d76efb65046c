import { useT } from '~/lib/i18n'
import type { ImplementationStatus } from '~/components/implementation/types'

export default function ImplementationStatusBadge({ status }: { status: ImplementationStatus }) {
  const t = useT()
  return (
    <span className={`impl-badge impl-badge-${status}`}>
      {t(`ui.implementation.status.${status}`)}
    </span>
  )
}
