import { useT } from '~/lib/i18n'
import type { ImplementationStatus } from '~/components/implementation/types'

/** A progress bar with its value as text (role="progressbar" plus visible words). */
export default function ProgressBar({
  percent,
  status,
  label,
}: {
  percent: number
  status: ImplementationStatus
  label: string
}) {
  const t = useT()
  const text = t('ui.implementation.public.progress_text', { percent })
  return (
    <div className={`progress progress-${status}`}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${text} · ${t(`ui.implementation.status.${status}`)}`}
        className="progress-track"
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="progress-text">{text}</p>
    </div>
  )
}
