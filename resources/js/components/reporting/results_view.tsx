import { usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import { formatMoney } from '~/components/campaigns/format'
import type { ResultsOutcome, ResultsProps, ResultsPot } from '~/components/reporting/types'

function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : 0
}

type PotOutcome = ResultsOutcome['pots'][number]

function PotResults({
  pot,
  outcome,
  currency,
}: {
  pot: ResultsPot
  outcome?: PotOutcome
  currency: string
}) {
  const t = useT()
  const { locale } = usePage<SharedProps>().props
  const funded = new Set(outcome?.selected ?? [])
  return (
    <section className="card results-pot" aria-labelledby={`pot-${pot.id}`}>
      <h3 id={`pot-${pot.id}`}>{pot.name}</h3>
      <p className="muted">
        {t('ui.results.pot_summary', {
          budget: formatMoney(pot.budget, currency, locale),
          ballots: pot.ballots.toLocaleString(locale),
        })}
      </p>
      {outcome && (
        <p className="results-funded-summary">
          {t('ui.results.funded_summary', {
            count: outcome.selected.length,
            cost: formatMoney(outcome.cost, currency, locale),
            budget: formatMoney(outcome.budget, currency, locale),
          })}
          {outcome.fallback && ` ${t('ui.results.pot_fallback')}`}
        </p>
      )}
      <ol className="results-list">
        {pot.projects.map((project) => {
          const percent = percentOf(project.votes, pot.ballots)
          return (
            <li key={project.id} className="results-item">
              <div className="results-row">
                <span className="results-title">
                  {project.title}
                  {funded.has(project.id) && (
                    <span className="results-funded"> {t('ui.results.funded')}</span>
                  )}
                </span>
                <span className="results-votes">
                  {t('ui.results.votes', { votes: project.votes.toLocaleString(locale) })}
                </span>
              </div>
              <div
                className="results-bar"
                role="img"
                aria-label={t('ui.results.bar_label', { percent })}
              >
                <div className="results-bar-fill" style={{ width: `${percent}%` }} />
              </div>
              <p className="results-meta muted">
                {t('ui.results.cost', { cost: formatMoney(project.cost, currency, locale) })}
                {' · '}
                {t('ui.results.share', { percent })}
              </p>
            </li>
          )
        })}
      </ol>
    </section>
  )
}

/** How the winners were chosen, in plain words, and the reason of an override. */
function OutcomeNote({ outcome }: { outcome: ResultsOutcome }) {
  const t = useT()
  return (
    <section className="card results-outcome" aria-labelledby="outcome-heading">
      <h3 id="outcome-heading">{t('ui.results.outcome_title')}</h3>
      <p>{t(`ui.results.rule_${outcome.rule}`)}</p>
      {outcome.overrideReason && (
        <p className="results-override" role="note">
          {t('ui.results.override', { reason: outcome.overrideReason })}
        </p>
      )}
    </section>
  )
}

/** Totals, per pot the projects by votes with a bar, channel split, height and the ledger note. */
export default function ResultsView({
  campaign,
  results,
  compact = false,
}: ResultsProps & { compact?: boolean }) {
  const t = useT()
  const { locale } = usePage<SharedProps>().props
  if (!results) {
    return (
      <p className="results-hidden" role="status">
        {t('ui.results.hidden')}
      </p>
    )
  }
  const channels = [
    ['online', results.channels.online],
    ['terminal', results.channels.terminal],
    ['paper', results.channels.paper],
    ...(results.channels.import ? [['import', results.channels.import] as const] : []),
  ] as const
  return (
    <div className="results">
      <p className="results-total">
        {t('ui.results.ballots', { ballots: results.ballots.toLocaleString(locale) })}
      </p>
      <dl className="results-channels">
        {channels.map(([channel, count]) => (
          <div key={channel}>
            <dt>{t(`ui.results.channel_${channel}`)}</dt>
            <dd>{count.toLocaleString(locale)}</dd>
          </div>
        ))}
      </dl>
      {results.sealed && (
        <p className="results-sealed card" role="note">
          {t('ui.voting.encrypted.results_sealed')}
        </p>
      )}
      {results.outcome && !compact && <OutcomeNote outcome={results.outcome} />}
      {results.pots.map((pot) => (
        <PotResults
          key={pot.id}
          pot={pot}
          outcome={results.outcome?.pots.find((p) => p.id === pot.id)}
          currency={campaign.currency}
        />
      ))}
      {!compact && results.districts.length > 0 && (
        <section aria-labelledby="districts-heading">
          <h3 id="districts-heading">{t('ui.results.districts_title')}</h3>
          <p className="muted">{t('ui.results.districts_note')}</p>
          <ul className="results-districts">
            {results.districts.map((district) => (
              <li key={district.id}>
                <strong>{district.name}</strong>:{' '}
                {t('ui.results.votes', { votes: district.ballots.toLocaleString(locale) })}
                {district.perThousand !== null &&
                  ` · ${t('ui.results.per_thousand', { value: district.perThousand })}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="results-ledger muted">
        {t('ui.results.updated_at_height', { height: results.updatedAtHeight })}{' '}
        {t('ui.results.verify_note')}{' '}
        <a href="/api/v1/ledger/genesis" target={compact ? '_blank' : undefined} rel="noopener">
          {t('ui.results.genesis_link')}
        </a>
      </p>
    </div>
  )
}
