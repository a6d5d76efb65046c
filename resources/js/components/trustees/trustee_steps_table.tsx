import type { ReactNode } from 'react'
import { useT } from '~/lib/i18n'

/*
| The key ceremony's progress, one row per trustee: key, dealing, review (with the complaints they
| made), and why the outcome left them out. Shown on the trustee page and the staff trustees screen.
*/
export interface TrusteeStep {
  index: number
  name: string
  key: boolean
  dealt: boolean
  reviewed: boolean
  complaints: number
}

export interface StepsOutcome {
  excluded?: { dealer: number; reason: string }[]
  absent?: number[]
}

const mark = (done: boolean) => (done ? '✓' : '—')

export default function TrusteeStepsTable({
  steps,
  outcome,
  extraColumn,
}: {
  steps: TrusteeStep[]
  outcome: StepsOutcome | null
  /** A last column of the staff screen (its heading and each trustee's cell). */
  extraColumn?: { heading: string; cell: (step: TrusteeStep) => ReactNode }
}) {
  const t = useT()
  const excluded = new Map((outcome?.excluded ?? []).map((e) => [e.dealer, e.reason]))
  const absent = new Set(outcome?.absent ?? [])
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('ui.trustees.staff.trustee')}</th>
            <th scope="col">{t('ui.trustees.steps.key')}</th>
            <th scope="col">{t('ui.trustees.steps.dealing')}</th>
            <th scope="col">{t('ui.trustees.steps.review')}</th>
            {extraColumn && <th scope="col">{extraColumn.heading}</th>}
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.index}>
              <th scope="row">
                {step.index}. {step.name}
                {excluded.has(step.index) && (
                  <span className="muted">
                    {' '}
                    {t(`ui.trustees.excluded.${excluded.get(step.index)}`)}
                  </span>
                )}
                {absent.has(step.index) && (
                  <span className="muted"> {t('ui.trustees.excluded.absent')}</span>
                )}
              </th>
              <td>{mark(step.key)}</td>
              <td>{mark(step.dealt)}</td>
              <td>
                {mark(step.reviewed)}
                {step.complaints > 0 &&
                  ` ${t('ui.trustees.staff.complaints', { count: step.complaints })}`}
              </td>
              {extraColumn && <td>{extraColumn.cell(step)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
