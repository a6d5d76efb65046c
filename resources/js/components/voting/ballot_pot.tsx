import { useT } from '~/lib/i18n'
import RuleSummary from '~/components/campaigns/rule_summary'
import type { PotSummary, RuleViolation } from '@civic-budget/protocol/rules'
import type { CampaignPot, CampaignProject, Selection } from './types'
import { violationText } from './violation_text'
import ProjectDetails, { type ProjectDetailsData } from './project_details'
import type { MapSettings } from '~/components/ideas/map/types'

interface Props {
  pot: CampaignPot
  projects: CampaignProject[]
  selection: Selection
  summary: PotSummary
  violations: RuleViolation[]
  money: (amount: number) => string
  onChange: (projectId: number, weight: number) => void
  /** projectId → description, photo, place (projects that came from an idea). */
  details: Record<number, ProjectDetailsData>
  map: MapSettings | null
}

/**
 * One pot of the ballot with the input its rule needs: checkboxes (approval, knapsack), points
 * (cumulative), ranks (ranked); a running counter and the rule's messages, announced politely.
 */
export default function BallotPot(props: Props) {
  const { pot, projects, selection, summary, violations, money, onChange, details, map } = props
  const t = useT()
  const titleOf = (id: number) => projects.find((p) => p.id === id)?.title ?? `#${id}`
  const rule = pot.rule
  return (
    <fieldset className="card pot">
      <legend>
        <h2>{pot.name}</h2>
      </legend>
      <p className="muted">
        {t('ui.voting.pot_budget', { amount: money(pot.budget) })} · <RuleSummary rule={rule} />
      </p>
      <Counter pot={pot} summary={summary} money={money} />
      <ul className="ballot-list">
        {projects.map((project) => {
          const weight = selection[project.id] ?? 0
          const inputId = `project-${project.id}`
          const cost = <span className="muted">{money(project.cost)}</span>
          const more = (
            <ProjectDetails title={project.title ?? ''} details={details[project.id]} map={map} />
          )
          if (rule.kind === 'approval' || rule.kind === 'knapsack') {
            return (
              <li key={project.id} className="check ballot-item">
                <input
                  id={inputId}
                  type="checkbox"
                  checked={weight > 0}
                  onChange={(event) => onChange(project.id, event.target.checked ? 1 : 0)}
                />
                <label htmlFor={inputId}>
                  {project.title} {cost}
                </label>
                {more}
              </li>
            )
          }
          if (rule.kind === 'cumulative') {
            return (
              <li key={project.id} className="ballot-item field">
                <label htmlFor={inputId}>
                  {t('ui.voting.points_for', { project: project.title ?? '' })} {cost}
                </label>
                <input
                  id={inputId}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={rule.maxPerProject}
                  value={weight}
                  onChange={(event) => {
                    const value = Math.trunc(Number(event.target.value))
                    onChange(project.id, Number.isFinite(value) && value > 0 ? value : 0)
                  }}
                />
                {more}
              </li>
            )
          }
          const ranks = Math.min(rule.maxRanks, projects.length)
          return (
            <li key={project.id} className="ballot-item field">
              <label htmlFor={inputId}>
                {t('ui.voting.rank_for', { project: project.title ?? '' })} {cost}
              </label>
              <select
                id={inputId}
                value={weight}
                onChange={(event) => onChange(project.id, Number(event.target.value))}
              >
                <option value={0}>{t('ui.voting.not_ranked')}</option>
                {Array.from({ length: ranks }, (_, i) => (
                  <option key={i + 1} value={i + 1}>
                    {i + 1}
                  </option>
                ))}
              </select>
              {more}
            </li>
          )
        })}
      </ul>
      <div aria-live="polite" className="pot-messages">
        {violations.map((violation, index) => (
          <p key={index} className="field-error">
            {violationText(t, violation, money, titleOf)}
          </p>
        ))}
      </div>
    </fieldset>
  )
}

function Counter({
  pot,
  summary,
  money,
}: {
  pot: CampaignPot
  summary: PotSummary
  money: (amount: number) => string
}) {
  const t = useT()
  const rule = pot.rule
  switch (rule.kind) {
    case 'approval':
      return (
        <p className="counter">
          {t('ui.voting.counter_approval', {
            count: summary.count,
            min: rule.minSelections,
            max: rule.maxSelections,
          })}
        </p>
      )
    case 'knapsack': {
      const required = Math.ceil((pot.budget * rule.minSharePercent) / 100)
      const percent = (value: number) => Math.min(100, (value / Math.max(1, pot.budget)) * 100)
      return (
        <div className="counter">
          <p>
            {t('ui.voting.counter_budget', {
              spent: money(summary.cost),
              budget: money(pot.budget),
              left: money(Math.max(0, pot.budget - summary.cost)),
            })}
            {rule.minSharePercent > 0 &&
              ` ${t('ui.voting.counter_min_share', { required: money(required) })}`}
          </p>
          <div className="budget-bar" aria-hidden="true">
            <span
              className={summary.cost > pot.budget ? 'over' : ''}
              style={{ width: `${percent(summary.cost)}%` }}
            />
            {rule.minSharePercent > 0 && (
              <i className="min-share" style={{ left: `${percent(required)}%` }} />
            )}
          </div>
        </div>
      )
    }
    case 'cumulative':
      return (
        <p className="counter">
          {t('ui.voting.counter_points', {
            used: summary.weight,
            points: rule.points,
            left: Math.max(0, rule.points - summary.weight),
            max: rule.maxPerProject,
          })}
        </p>
      )
    case 'ranked':
      return (
        <p className="counter">
          {t('ui.voting.counter_ranked', { count: summary.count, max: rule.maxRanks })}
        </p>
      )
  }
}
