import { Head, Link, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import StageTimeline from '~/components/campaigns/stage_timeline'
import RuleSummary from '~/components/campaigns/rule_summary'
import { formatMoney } from '~/components/campaigns/format'
import type { BallotRule, Stage, TimelineEntry } from '~/components/campaigns/types'

interface Props {
  campaign: {
    id: number
    slug: string
    title: string
    description: string
    stage: Stage
    community: string | null
    totalBudget: number
    currency: string
    eligibilityMode: 'anyone' | 'residents' | 'census'
    minAge: number | null
    liveResultsPublic: boolean
    supportThreshold: number
  }
  timeline: TimelineEntry[]
  pots: { id: number; name: string; budget: number; kind: string; rule: BallotRule }[]
  categories: { id: number; name: string }[]
  eligibility: string
}

/** Residents: one campaign — what it is, its stages and dates, its budget, what one can do now. */
export default function CampaignShow({ campaign, timeline, pots, categories, eligibility }: Props) {
  const t = useT()
  const { locale } = usePage<SharedProps>().props
  const money = (amount: number) => formatMoney(amount, campaign.currency, locale)
  return (
    <>
      <Head title={campaign.title} />
      <h1>{campaign.title}</h1>
      {campaign.community && <p className="muted">{campaign.community}</p>}
      {campaign.description && <p className="lead">{campaign.description}</p>}

      <section className="card" aria-labelledby="now-heading">
        <h2 id="now-heading">{t('ui.campaigns.public.now')}</h2>
        <p>
          {t(`ui.campaigns.public.stage_${campaign.stage}`, {
            threshold: campaign.supportThreshold,
          })}
        </p>
        {campaign.stage === 'voting' && (
          <p>
            <Link href={`/campaigns/${campaign.slug}/vote`} className="button">
              {t('ui.voting.vote_now')}
            </Link>
          </p>
        )}
        <p>
          <Link href={`/campaigns/${campaign.slug}/ideas`} className="button">
            {t('ui.proposals.index.open')}
          </Link>
        </p>
        {['voting', 'results', 'implementation', 'finished'].includes(campaign.stage) && (
          <p>
            <Link href={`/campaigns/${campaign.slug}/results`}>{t('ui.results.title')}</Link>
          </p>
        )}
        {['results', 'implementation', 'finished'].includes(campaign.stage) && (
          <p>
            <Link href={`/campaigns/${campaign.slug}/progress`}>
              {t('ui.implementation.public.title')}
            </Link>
          </p>
        )}
        <p className="muted">
          {t(`ui.campaigns.public.eligibility_${campaign.eligibilityMode}`)}
          {campaign.minAge !== null &&
            ` ${t('ui.campaigns.public.min_age', { age: campaign.minAge })}`}
        </p>
        {eligibility === 'not_signed_in' ? (
          <Link href={`/sign-in?next=/campaigns/${campaign.slug}`} className="button">
            {t('ui.campaigns.public.sign_in')}
          </Link>
        ) : (
          <p>
            {t(
              `ui.campaigns.public.you_${eligibility === 'eligible' ? 'eligible' : 'not_eligible'}`
            )}
          </p>
        )}
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('ui.campaigns.public.timeline')}</h2>
        <StageTimeline entries={timeline} />
      </section>

      <section aria-labelledby="budget-heading">
        <h2 id="budget-heading">
          {t('ui.campaigns.public.budget', { amount: money(campaign.totalBudget) })}
        </h2>
        <ul>
          {pots.map((pot) => (
            <li key={pot.id}>
              <strong>{pot.name}</strong>: {money(pot.budget)}
              <br />
              <span className="muted">
                <RuleSummary rule={pot.rule} />
              </span>
            </li>
          ))}
        </ul>
      </section>

      {categories.length > 0 && (
        <section aria-labelledby="categories-heading">
          <h2 id="categories-heading">{t('ui.campaigns.categories.title')}</h2>
          <p>{categories.map((category) => category.name).join(' · ')}</p>
        </section>
      )}
    </>
  )
}
