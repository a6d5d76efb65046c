import type { FormEvent } from 'react'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import SelectInput from '~/components/form/select_input'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'
import StatusBadge from '~/components/proposals/status_badge'
import { useMoney } from '~/components/proposals/use_money'
import { useAmounts } from '~/components/form/use_amounts'
import { toMajor } from '~/components/campaigns/format'
import type { IdeaSummary, Named, StaffCampaign } from '~/components/proposals/types'

interface ReviewIdea extends IdeaSummary {
  description: string
  experts: Named[]
  reviews: {
    expertId: number
    costEstimate: number | null
    feasibility: string
    explanation: string | null
  }[]
  comments: { id: number; body: string; visibility: string }[]
}

interface Props {
  campaign: StaffCampaign
  ideas: ReviewIdea[]
  experts: Named[]
  me: number
  canAssign: boolean
  canReview: boolean
}

function AssignForm({ ideaId, experts }: { ideaId: number; experts: Named[] }) {
  const t = useT()
  const form = useForm({ expertId: '' })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    form.transform((data) => ({ expertId: Number(data.expertId) }) as unknown as typeof data)
    form.post(`/staff/proposals/ideas/${ideaId}/experts`, { preserveScroll: true })
  }
  return (
    <form onSubmit={submit} className="inline-form">
      <SelectInput
        label={t('ui.proposals.staff.assign_expert')}
        value={form.data.expertId}
        onChange={(event) => form.setData('expertId', event.target.value)}
        options={[
          { value: '', label: '—' },
          ...experts.map((expert) => ({ value: expert.id, label: expert.name })),
        ]}
        error={(form.errors as Record<string, string>).expertId}
      />
      <LoadingButton loading={form.processing}>{t('ui.proposals.staff.assign')}</LoadingButton>
    </form>
  )
}

function ReviewForm({
  idea,
  mine,
  currency,
}: {
  idea: ReviewIdea
  mine?: ReviewIdea['reviews'][number]
  currency: string
}) {
  const t = useT()
  const amounts = useAmounts(currency)
  const form = useForm({
    feasibility: mine?.feasibility ?? 'feasible',
    costEstimate: mine?.costEstimate ? toMajor(mine.costEstimate, currency) : '',
    explanation: mine?.explanation ?? '',
    comment: '',
    commentVisibility: 'internal',
  })
  const errors = form.errors as Record<string, string | undefined>
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = amounts.check(form, { costEstimate: form.data.costEstimate }, ['costEstimate'])
    if (!checked) return
    form.transform((data) => {
      const body: Record<string, unknown> = { feasibility: data.feasibility }
      if (checked.costEstimate !== null) body.costEstimate = checked.costEstimate
      if (data.explanation) body.explanation = data.explanation
      if (data.comment) {
        body.comment = data.comment
        body.commentVisibility = data.commentVisibility
      }
      return body as typeof data
    })
    form.post(`/staff/proposals/ideas/${idea.id}/review`, { preserveScroll: true })
  }
  return (
    <form onSubmit={submit}>
      <SelectInput
        label={t('ui.proposals.staff.feasibility')}
        value={form.data.feasibility}
        onChange={(event) => form.setData('feasibility', event.target.value)}
        options={['feasible', 'unfeasible'].map((value) => ({
          value,
          label: t(`ui.proposals.feasibility.${value}`),
        }))}
        error={errors.feasibility}
      />
      <TextInput
        label={t('ui.proposals.staff.explanation')}
        value={form.data.explanation}
        onChange={(event) => form.setData('explanation', event.target.value)}
        error={errors.explanation}
        required={form.data.feasibility === 'unfeasible'}
      />
      <TextInput
        label={t('ui.proposals.staff.cost_estimate')}
        hint={amounts.hint}
        inputMode="decimal"
        value={form.data.costEstimate}
        onChange={(event) => form.setData('costEstimate', event.target.value)}
        error={errors.costEstimate}
      />
      <TextInput
        label={t('ui.proposals.staff.comment')}
        value={form.data.comment}
        onChange={(event) => form.setData('comment', event.target.value)}
        error={errors.comment}
      />
      <SelectInput
        label={t('ui.proposals.staff.visibility')}
        value={form.data.commentVisibility}
        onChange={(event) => form.setData('commentVisibility', event.target.value)}
        options={['internal', 'public'].map((value) => ({
          value,
          label: t(`ui.proposals.visibility.${value}`),
        }))}
      />
      <LoadingButton loading={form.processing}>{t('ui.proposals.staff.save_review')}</LoadingButton>
    </form>
  )
}

/** Expert review queue: admins assign experts; experts record cost, feasibility and comments. */
export default function Reviews({ campaign, ideas, experts, me, canAssign, canReview }: Props) {
  const t = useT()
  const money = useMoney(campaign.currency)
  return (
    <>
      <Head title={t('ui.proposals.staff.reviews')} />
      <h1>
        {t('ui.proposals.staff.reviews')}: {campaign.title}
      </h1>
      <p>
        <Link href="/staff/proposals">{t('ui.proposals.staff.title')}</Link>
      </p>
      {ideas.length === 0 && <p className="muted">{t('ui.proposals.staff.empty')}</p>}
      {ideas.map((idea) => (
        <article key={idea.id} className="card" aria-labelledby={`idea-${idea.id}`}>
          <h2 id={`idea-${idea.id}`}>
            #{idea.id} <Link href={`/ideas/${idea.id}`}>{idea.title}</Link>{' '}
            <StatusBadge status={idea.status} />
          </h2>
          <p>{idea.description}</p>
          <p className="muted">
            {t('ui.proposals.supports', { count: idea.supportCount })} · {money(idea.estimatedCost)}{' '}
            · {t('ui.proposals.staff.experts')}:{' '}
            {idea.experts.map((expert) => expert.name).join(', ') || '—'}
          </p>
          <ul>
            {idea.reviews.map((review) => (
              <li key={review.expertId}>
                {t(`ui.proposals.feasibility.${review.feasibility}`)} · {money(review.costEstimate)}
                {review.explanation && ` — ${review.explanation}`}
              </li>
            ))}
            {idea.comments.map((comment) => (
              <li key={`c${comment.id}`}>
                [{t(`ui.proposals.visibility.${comment.visibility}`)}] {comment.body}
              </li>
            ))}
          </ul>
          {canAssign && <AssignForm ideaId={idea.id} experts={experts} />}
          {canReview && idea.experts.some((expert) => expert.id === me) && (
            <ReviewForm
              idea={idea}
              mine={idea.reviews.find((review) => review.expertId === me)}
              currency={campaign.currency}
            />
          )}
        </article>
      ))}
    </>
  )
}
