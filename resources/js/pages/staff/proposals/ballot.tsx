import type { FormEvent } from 'react'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import SelectInput from '~/components/form/select_input'
import LoadingButton from '~/components/form/loading_button'
import StatusBadge from '~/components/proposals/status_badge'
import ReasonForm from '~/components/proposals/reason_form'
import { useMoney } from '~/components/proposals/use_money'
import { useAmounts } from '~/components/form/use_amounts'
import { toMajor } from '~/components/campaigns/format'
import type { IdeaSummary, StaffCampaign } from '~/components/proposals/types'

interface Pot {
  id: number
  name: string
  budget: number
  rule: string
}
interface Project {
  id: number
  ideaId: number
  title: string
  cost: number
  potId: number
  position: number
}
interface Props {
  campaign: StaffCampaign
  pots: Pot[]
  projects: Project[]
  candidates: (IdeaSummary & { reviews: { costEstimate: number | null; feasibility: string }[] })[]
  editable: boolean
  canDecide: boolean
}

function ProjectForm({
  project,
  pots,
  currency,
}: {
  project: Project
  pots: Pot[]
  currency: string
}) {
  const t = useT()
  const amounts = useAmounts(currency)
  const form = useForm({
    title: project.title,
    cost: toMajor(project.cost, currency),
    potId: String(project.potId),
    position: String(project.position),
  })
  const errors = form.errors as Record<string, string | undefined>
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = amounts.check(form, { cost: form.data.cost })
    if (!checked) return
    form.transform(
      (data) =>
        ({
          title: data.title,
          cost: checked.cost,
          potId: Number(data.potId),
          position: Number(data.position),
        }) as unknown as typeof data
    )
    form.put(`/staff/proposals/projects/${project.id}`, { preserveScroll: true })
  }
  return (
    <form onSubmit={submit} className="inline-form">
      <TextInput
        label={t('ui.proposals.fields.title')}
        value={form.data.title}
        onChange={(event) => form.setData('title', event.target.value)}
        error={errors.title}
      />
      <TextInput
        label={t('ui.proposals.staff.final_cost')}
        hint={amounts.hint}
        inputMode="decimal"
        value={form.data.cost}
        onChange={(event) => form.setData('cost', event.target.value)}
        error={errors.cost}
      />
      <SelectInput
        label={t('ui.proposals.fields.pot')}
        value={form.data.potId}
        onChange={(event) => form.setData('potId', event.target.value)}
        options={pots.map((pot) => ({ value: pot.id, label: pot.name }))}
        error={errors.potId}
      />
      <TextInput
        label={t('ui.proposals.staff.position')}
        inputMode="numeric"
        value={form.data.position}
        onChange={(event) => form.setData('position', event.target.value.replace(/\D/g, ''))}
        error={errors.position}
      />
      <LoadingButton loading={form.processing}>{t('ui.proposals.form.save')}</LoadingButton>
    </form>
  )
}

function ApproveForm({
  idea,
  pots,
  currency,
}: {
  idea: Props['candidates'][number]
  pots: Pot[]
  currency: string
}) {
  const t = useT()
  const amounts = useAmounts(currency)
  const estimate =
    idea.reviews.find((review) => review.costEstimate !== null)?.costEstimate ?? idea.estimatedCost
  const form = useForm({
    cost: estimate ? toMajor(estimate, currency) : '',
    potId: String(idea.potId ?? pots[0]?.id ?? ''),
  })
  const errors = form.errors as Record<string, string | undefined>
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = amounts.check(form, { cost: form.data.cost })
    if (!checked) return
    form.transform(
      (data) => ({ cost: checked.cost, potId: Number(data.potId) }) as unknown as typeof data
    )
    form.post(`/staff/proposals/ideas/${idea.id}/approve`, { preserveScroll: true })
  }
  return (
    <form onSubmit={submit} className="inline-form">
      <TextInput
        label={t('ui.proposals.staff.final_cost')}
        hint={amounts.hint}
        inputMode="decimal"
        value={form.data.cost}
        onChange={(event) => form.setData('cost', event.target.value)}
        error={errors.cost}
      />
      <SelectInput
        label={t('ui.proposals.fields.pot')}
        value={form.data.potId}
        onChange={(event) => form.setData('potId', event.target.value)}
        options={pots.map((pot) => ({ value: pot.id, label: pot.name }))}
        error={errors.potId}
      />
      <LoadingButton loading={form.processing}>{t('ui.proposals.staff.approve')}</LoadingButton>
    </form>
  )
}

/** Admins: the ballot list (order, cost, pot until voting opens) and the ideas awaiting a decision. */
export default function Ballot({
  campaign,
  pots,
  projects,
  candidates,
  editable,
  canDecide,
}: Props) {
  const t = useT()
  const money = useMoney(campaign.currency)
  const canEdit = editable && canDecide
  return (
    <>
      <Head title={t('ui.proposals.staff.ballot')} />
      <h1>
        {t('ui.proposals.staff.ballot')}: {campaign.title}
      </h1>
      <p>
        <Link href="/staff/proposals">{t('ui.proposals.staff.title')}</Link>
      </p>
      {!editable && <p className="notice">{t('ui.proposals.staff.ballot_locked')}</p>}
      {pots.map((pot) => {
        const inPot = projects.filter((project) => project.potId === pot.id)
        const total = inPot.reduce((sum, project) => sum + project.cost, 0)
        return (
          <section key={pot.id} aria-labelledby={`pot-${pot.id}`}>
            <h2 id={`pot-${pot.id}`}>
              {pot.name} — {money(total)} / {money(pot.budget)}
            </h2>
            <ol>
              {inPot.map((project) => (
                <li key={project.id}>
                  {canEdit ? (
                    <ProjectForm project={project} pots={pots} currency={campaign.currency} />
                  ) : (
                    <>
                      {project.title} · {money(project.cost)}
                    </>
                  )}
                </li>
              ))}
            </ol>
          </section>
        )
      })}
      <h2>{t('ui.proposals.staff.candidates')}</h2>
      {candidates.length === 0 && <p className="muted">{t('ui.proposals.staff.empty')}</p>}
      {candidates.map((idea) => (
        <article key={idea.id} className="card" aria-labelledby={`idea-${idea.id}`}>
          <h3 id={`idea-${idea.id}`}>
            #{idea.id} <Link href={`/ideas/${idea.id}`}>{idea.title}</Link>{' '}
            <StatusBadge status={idea.status} />
          </h3>
          <p className="muted">
            {t('ui.proposals.supports', { count: idea.supportCount })} · {money(idea.estimatedCost)}
            {idea.reviews.map((review, index) => (
              <span key={index}>
                {' '}
                · {t(`ui.proposals.feasibility.${review.feasibility}`)} {money(review.costEstimate)}
              </span>
            ))}
          </p>
          {canEdit && (
            <>
              <ApproveForm idea={idea} pots={pots} currency={campaign.currency} />
              <ReasonForm
                action={`/staff/proposals/ideas/${idea.id}/reject`}
                label={t('ui.proposals.staff.reason')}
                submitLabel={t('ui.proposals.staff.reject')}
              />
            </>
          )}
        </article>
      ))}
    </>
  )
}
