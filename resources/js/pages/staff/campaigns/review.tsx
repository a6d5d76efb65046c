import { useState, type FormEvent } from 'react'
import { Head, Link, useForm, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import { useContentText } from '~/lib/content'
import LoadingButton from '~/components/form/loading_button'
import WizardSteps from '~/components/campaigns/wizard_steps'
import StageTimeline from '~/components/campaigns/stage_timeline'
import RuleSummary from '~/components/campaigns/rule_summary'
import { formatMoney } from '~/components/campaigns/format'
import { useDates } from '~/lib/dates'
import type { CampaignForm, Pot, Stage, TimelineEntry } from '~/components/campaigns/types'
import TextArea from '~/components/form/text_area'

interface Props {
  campaign: CampaignForm
  community: { id: number; name: string } | null
  pots: Pot[]
  categories: { id: number; name: string }[]
  timeline: TimelineEntry[]
  changes: {
    id: number
    from: Stage
    to: Stage
    by: 'staff' | 'schedule'
    reason: string | null
    at: string | null
  }[]
  censusCount: number
  moves: { to: Stage; kind: 'forward' | 'reopen' }[]
  canManage: boolean
}

/** Wizard step 4 and stage control: the whole setup at a glance, publish, move stages, history. */
export default function CampaignReview(props: Props) {
  const { campaign, community, pots, categories, timeline, changes, censusCount, moves } = props
  const t = useT()
  const text = useContentText()
  const dates = useDates()
  const { locale } = usePage<SharedProps>().props
  const money = (amount: number) => formatMoney(amount, campaign.currency, locale)
  return (
    <>
      <Head title={t('ui.campaigns.wizard.review')} />
      <h1>{text(campaign.title)}</h1>
      <WizardSteps campaignId={campaign.id} current="review" />
      <section className="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t('ui.campaigns.review.summary')}</h2>
        <dl>
          <dt>{t('ui.campaigns.fields.stage')}</dt>
          <dd>{t(`ui.campaigns.stages.${campaign.stage}`)}</dd>
          <dt>{t('ui.campaigns.fields.community')}</dt>
          <dd>{community?.name ?? '—'}</dd>
          <dt>{t('ui.campaigns.fields.total_budget')}</dt>
          <dd>{money(campaign.totalBudget)}</dd>
          <dt>{t('ui.campaigns.eligibility.title')}</dt>
          <dd>
            {t(`ui.campaigns.eligibility.${campaign.eligibilityMode}`)}
            {campaign.minAge !== null &&
              ` · ${t('ui.campaigns.review.min_age', { age: campaign.minAge })}`}
            {` · ${t('ui.campaigns.census.count', { count: censusCount })}`}
          </dd>
          <dt>{t('ui.campaigns.outcome.rule')}</dt>
          <dd>
            {t(`ui.campaigns.outcome.${campaign.outcomeRule}`)} ·{' '}
            {campaign.liveResultsPublic
              ? t('ui.campaigns.review.live_shown')
              : t('ui.campaigns.review.live_hidden')}
          </dd>
          <dt>{t('ui.campaigns.categories.title')}</dt>
          <dd>{categories.map((category) => category.name).join(', ') || '—'}</dd>
        </dl>
        <h3>{t('ui.campaigns.pots.title')}</h3>
        <ul>
          {pots.map((pot) => (
            <li key={pot.id}>
              <strong>{pot.name}</strong>: {money(pot.budget)} — <RuleSummary rule={pot.rule} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('ui.campaigns.review.timeline')}</h2>
        <StageTimeline entries={timeline} />
        <p>
          <Link href={`/staff/campaigns/${campaign.id}`}>
            {t('ui.campaigns.review.edit_dates')}
          </Link>
        </p>
      </section>

      <p>
        <Link href={`/staff/campaigns/${campaign.id}/trustees`}>{t('ui.trustees.staff.open')}</Link>
      </p>

      {(campaign.stage === 'voting' || campaign.stage === 'results') && (
        <p>
          <Link href={`/staff/campaigns/${campaign.id}/paper`}>{t('ui.voting.paper.title')}</Link>
        </p>
      )}

      {props.canManage && moves.length > 0 && (
        <section aria-labelledby="stage-heading">
          <h2 id="stage-heading">{t('ui.campaigns.review.stage_control')}</h2>
          {moves.map((move) => (
            <StageMoveForm key={move.to} campaign={campaign} move={move} />
          ))}
        </section>
      )}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('ui.campaigns.review.history')}</h2>
        {changes.length === 0 ? (
          <p className="muted">{t('ui.campaigns.review.no_history')}</p>
        ) : (
          <ul>
            {changes.map((change) => (
              <li key={change.id}>
                {dates.dateTime(change.at)}: {t(`ui.campaigns.stages.${change.from}`)} →{' '}
                {t(`ui.campaigns.stages.${change.to}`)} ({t(`ui.campaigns.review.by_${change.by}`)})
                {change.reason && ` — ${change.reason}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

function StageMoveForm({
  campaign,
  move,
}: {
  campaign: CampaignForm
  move: { to: Stage; kind: 'forward' | 'reopen' }
}) {
  const t = useT()
  const [confirming, setConfirming] = useState(false)
  const form = useForm({ from: campaign.stage, to: move.to, reason: '' })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!confirming) return setConfirming(true)
    form.post(`/staff/campaigns/${campaign.id}/stage`, {
      preserveScroll: true,
      onFinish: () => setConfirming(false),
    })
  }
  const label =
    campaign.stage === 'drafting'
      ? t('ui.campaigns.review.publish')
      : move.kind === 'reopen'
        ? t('ui.campaigns.review.reopen', { stage: t(`ui.campaigns.stages.${move.to}`) })
        : t('ui.campaigns.review.move_to', { stage: t(`ui.campaigns.stages.${move.to}`) })
  return (
    <form onSubmit={submit} className="card" noValidate>
      {move.kind === 'reopen' && (
        <TextArea
          id={`reason-${move.to}`}
          label={t('ui.campaigns.review.reason')}
          rows={3}
          value={form.data.reason}
          error={form.errors.reason}
          onChange={(event) => form.setData('reason', event.target.value)}
        />
      )}
      {confirming && <p role="alert">{t('ui.campaigns.review.confirm', { action: label })}</p>}
      <LoadingButton loading={form.processing}>
        {confirming ? t('ui.campaigns.review.confirm_button') : label}
      </LoadingButton>
    </form>
  )
}
