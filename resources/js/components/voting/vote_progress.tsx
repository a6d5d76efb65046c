import { useEffect, useState } from 'react'
import { useT } from '~/lib/i18n'
import type { Progress } from '~/lib/voting/vote_flow'

const STEPS = ['credential', 'waiting', 'signing', 'submitting', 'committing'] as const
type Step = (typeof STEPS)[number]

function stepOf(progress: Progress | null): Step {
  if (!progress || progress.step === 'retrying' || progress.step === 'done') return 'credential'
  return progress.step
}

/** Seconds left until `until` (ms), ticking. */
function useSecondsLeft(until: number | null): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (until === null) return
    const timer = setInterval(() => setNow(Date.now()), 500)
    return () => clearInterval(timer)
  }, [until])
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000))
}

/**
 * The steps from credential to receipt. The current step is announced (aria-live) when it
 * changes; the waiting countdown is shown but not announced every second.
 */
export default function VoteProgress({ progress }: { progress: Progress | null }) {
  const t = useT()
  // While retrying, the step it retries stays current: remember the last other step, adjusting
  // the state during render when `progress` changes (no effect, no extra render pass).
  const [current, setCurrent] = useState<Step>(stepOf(progress))
  const [seen, setSeen] = useState(progress)
  if (progress !== seen) {
    setSeen(progress)
    if (progress && progress.step !== 'retrying') setCurrent(stepOf(progress))
  }
  const until = progress?.step === 'waiting' ? progress.until : null
  const secondsLeft = useSecondsLeft(until)
  const index = STEPS.indexOf(current)
  return (
    <div>
      <p aria-live="polite" role="status" className="progress-now">
        {t(`ui.voting.progress.${current}`)}
        {progress?.step === 'retrying' &&
          ` ${t('ui.voting.progress.retrying', { seconds: progress.seconds })}`}
      </p>
      {until !== null && (
        <p className="muted">{t('ui.voting.progress.seconds_left', { seconds: secondsLeft })}</p>
      )}
      <ol className="progress-steps">
        {STEPS.map((step, i) => (
          <li key={step} className={i < index ? 'done' : i === index ? 'current' : ''}>
            <span className="visually-hidden">
              {t(
                `ui.voting.progress.state_${i < index ? 'done' : i === index ? 'current' : 'todo'}`
              )}
            </span>
            {t(`ui.voting.progress.step_${step}`)}
          </li>
        ))}
      </ol>
    </div>
  )
}
