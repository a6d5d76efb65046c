import { useT } from '~/lib/i18n'

/** Supports towards the campaign's threshold as a bar with its value in words (none without one). */
export default function SupportProgress({
  count,
  threshold,
}: {
  count: number
  threshold: number
}) {
  const t = useT()
  if (threshold <= 0) return null
  const percent = Math.min(100, Math.floor((count / threshold) * 100))
  const text =
    count >= threshold
      ? t('ui.discussion.progress_reached', { count })
      : t('ui.discussion.progress_text', { count, threshold })
  return (
    <div className="support-progress">
      <div
        role="progressbar"
        aria-label={t('ui.discussion.progress_label')}
        aria-valuemin={0}
        aria-valuemax={threshold}
        aria-valuenow={Math.min(count, threshold)}
        aria-valuetext={text}
        className="support-progress-track"
      >
        <div className="support-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="support-progress-text">{text}</p>
    </div>
  )
}
