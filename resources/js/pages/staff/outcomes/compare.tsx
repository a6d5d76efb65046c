import '~/css/staff.css'
import { Head, useForm, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { formatMoney } from '~/components/campaigns/format'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import LoadingButton from '~/components/form/loading_button'
import TextArea from '~/components/form/text_area'
import TableWrap from '~/components/table_wrap'

type Rule = 'greedy' | 'equal_shares' | 'equal_shares_add1'
interface RuleOutcome {
  rule: Rule
  fallback: boolean
  totalCost: number
  selected: { projectId: number; rho?: string }[]
  skipped: { projectId: number; reason: string }[]
}
interface Pot {
  potId: number
  name: string
  budget: number
  voters: number
  /** Greedy funds no project whose score is below this. */
  minSupport: number
  projects: { id: number; title: string; cost: number; ruleId: string }[]
  rules: RuleOutcome[]
}
interface Props {
  campaign: { id: number; title: string; stage: string; currency: string; rule: Rule }
  hidden: boolean
  canOverride: boolean
  published: {
    rule: Rule
    tallyHash: string
    overrideReason: string | null
    publishedAt: string | null
    pots: { potId: number; selected: number[] }[]
  } | null
  pots: Pot[]
}

function votesOf(pot: Pot, projectId: number): number {
  for (const r of pot.rules) {
    const s = r.selected.find((x) => x.projectId === projectId) as { votes?: number } | undefined
    if (s?.votes !== undefined) return s.votes
  }
  return 0
}

/** Staff: greedy, Equal Shares and Equal Shares + add-one side by side per pot; the override. */
export default function OutcomeCompare({ campaign, hidden, canOverride, published, pots }: Props) {
  const t = useT()
  const dates = useDates()
  const { locale } = usePage<SharedProps>().props
  // amounts are minor units of the campaign's currency (0 decimals for JPY, 3 for KWD)
  const money = (n: number) => formatMoney(n, campaign.currency, locale)
  const form = useForm({
    reason: '',
    pots: pots.map((pot) => ({
      potId: pot.potId,
      projectIds: published?.pots.find((p) => p.potId === pot.potId)?.selected ?? [],
    })),
  })
  const toggle = (potIndex: number, projectId: number) => {
    const next = form.data.pots.map((p, i) =>
      i !== potIndex
        ? p
        : {
            ...p,
            projectIds: p.projectIds.includes(projectId)
              ? p.projectIds.filter((id) => id !== projectId)
              : [...p.projectIds, projectId],
          }
    )
    form.setData('pots', next)
  }
  return (
    <>
      <Head title={`${t('ui.outcomes.staff.compare_title')} · ${campaign.title}`} />
      <h1>
        {t('ui.outcomes.staff.compare_title')}: {campaign.title}
      </h1>
      <p>
        {t('ui.outcomes.staff.rule')}: {t(`ui.outcomes.staff.rules.${campaign.rule}`)} ·{' '}
        <a href={`/staff/campaigns/${campaign.id}/export.pb`}>{t('ui.outcomes.staff.export_pb')}</a>
      </p>
      {published ? (
        <section className="card">
          <h2>{t('ui.outcomes.staff.published')}</h2>
          <p>
            {t(`ui.outcomes.staff.rules.${published.rule}`)} ·{' '}
            {dates.dateTime(published.publishedAt)}
          </p>
          <p>
            {t('ui.outcomes.staff.tally_hash')}: <code>{published.tallyHash}</code>
          </p>
          {published.overrideReason && (
            <p className="notice">
              {t('ui.outcomes.staff.override_reason')}: {published.overrideReason}
            </p>
          )}
        </section>
      ) : (
        <p className="muted">{t('ui.outcomes.staff.not_published')}</p>
      )}
      {hidden && <p className="notice">{t('ui.outcomes.staff.hidden')}</p>}
      {pots.map((pot, potIndex) => (
        <section key={pot.potId} className="card" aria-labelledby={`pot-${pot.potId}`}>
          <h2 id={`pot-${pot.potId}`}>
            {t('ui.outcomes.staff.pot')}: {pot.name}
          </h2>
          <p>
            {t('ui.outcomes.staff.budget')}: {money(pot.budget)} · {t('ui.outcomes.staff.voters')}:{' '}
            {pot.voters} · {t('ui.outcomes.staff.min_support', { count: pot.minSupport })}
          </p>
          {pot.rules.some((r) => r.fallback) && (
            <p className="hint">{t('ui.outcomes.staff.fallback')}</p>
          )}
          <TableWrap labelledBy={`pot-${pot.potId}`}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('ui.outcomes.staff.project')}</th>
                  <th scope="col">{t('ui.outcomes.staff.cost')}</th>
                  <th scope="col">{t('ui.outcomes.staff.votes')}</th>
                  {pot.rules.map((r) => (
                    <th scope="col" key={r.rule}>
                      {t(`ui.outcomes.staff.rules.${r.rule}`)}
                    </th>
                  ))}
                  {canOverride && <th scope="col">{t('ui.outcomes.staff.override')}</th>}
                </tr>
              </thead>
              <tbody>
                {pot.projects.map((project) => (
                  <tr key={project.id}>
                    <td>
                      {project.title} <span className="muted">({project.ruleId})</span>
                    </td>
                    <td>{money(project.cost)}</td>
                    <td>{votesOf(pot, project.id)}</td>
                    {pot.rules.map((r) => {
                      const at = r.selected.findIndex((s) => s.projectId === project.id)
                      const belowMin = r.skipped.some(
                        (s) => s.projectId === project.id && s.reason === 'below_min_score'
                      )
                      return (
                        <td key={r.rule} data-rule={r.rule}>
                          {at >= 0 ? `✓ ${at + 1}` : '—'}
                          {belowMin && (
                            <span className="muted">
                              {' '}
                              {t('ui.outcomes.staff.below_min_support')}
                            </span>
                          )}
                        </td>
                      )
                    })}
                    {canOverride && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${t('ui.outcomes.staff.selected')}: ${project.title}`}
                          checked={
                            form.data.pots[potIndex]?.projectIds.includes(project.id) ?? false
                          }
                          onChange={() => toggle(potIndex, project.id)}
                        />
                      </td>
                    )}
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('ui.outcomes.staff.total')}</th>
                  <td colSpan={2} />
                  {pot.rules.map((r) => (
                    <td key={r.rule}>{money(r.totalCost)}</td>
                  ))}
                  {canOverride && <td />}
                </tr>
              </tbody>
            </table>
          </TableWrap>
        </section>
      ))}
      {canOverride && (
        <form
          className="card"
          onSubmit={(event) => {
            event.preventDefault()
            form.post(`/staff/campaigns/${campaign.id}/outcome/override`, { preserveScroll: true })
          }}
        >
          <h2>{t('ui.outcomes.staff.override_title')}</h2>
          <p className="hint">{t('ui.outcomes.staff.override_help')}</p>
          <TextArea
            id="override-reason"
            label={t('ui.outcomes.staff.override_reason')}
            required
            value={form.data.reason}
            error={form.errors.reason}
            onChange={(event) => form.setData('reason', event.target.value)}
          />
          <LoadingButton loading={form.processing}>{t('ui.outcomes.staff.override')}</LoadingButton>
        </form>
      )}
    </>
  )
}
