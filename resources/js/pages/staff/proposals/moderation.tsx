import { useState, type FormEvent } from 'react'
import { Head, Link, router, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import StatusBadge from '~/components/proposals/status_badge'
import ReasonForm from '~/components/proposals/reason_form'
import SelectInput from '~/components/form/select_input'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'
import type { Attachment, IdeaSummary, StaffCampaign } from '~/components/proposals/types'
import TableWrap from '~/components/table_wrap'

type QueueIdea = IdeaSummary & {
  hiddenReason: string | null
  mergedIntoId: number | null
  attachments: Attachment[]
}

interface HistoryRow {
  id: number
  ideaId: number
  action: string
  reason: string
  mergedIntoId: number | null
  attachmentName: string | null
  at: string
}

interface Option {
  id: number
  name: string
}

interface Props {
  campaign: StaffCampaign
  ideas: QueueIdea[]
  history: HistoryRow[]
  filters: { status: string; categoryId: number | null; potId: number | null }
  toModerate: number
  categories: Option[]
  pots: Option[]
  bulkMax: number
  canModerate: boolean
}

const STATUSES = ['to_moderate', 'published', 'in_review', 'hidden', 'rejected', 'merged', 'all']

/**
 * The moderation queue: one compact row per idea (one expanded at a time with its text, files,
 * history and single actions), filters in the query string, and a bulk approve / hide with a
 * reason for the selected rows. Everything is a native control, so it works with the keyboard.
 */
export default function Moderation(props: Props) {
  const { campaign, ideas, filters, toModerate, canModerate, bulkMax } = props
  const t = useT()
  const [expanded, setExpanded] = useState<number | null>(null)
  const [selected, setSelected] = useState<number[]>([])
  const bulk = useForm({ action: 'approve', reason: '' })
  const base = `/staff/proposals/campaigns/${campaign.id}/moderation`

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const query = Object.fromEntries([...data.entries()].filter(([, value]) => value !== ''))
    setSelected([])
    router.get(base, query as Record<string, string>, { preserveState: true })
  }
  const toggle = (id: number) =>
    setSelected((now) => (now.includes(id) ? now.filter((x) => x !== id) : [...now, id]))
  const allShown = ideas.slice(0, bulkMax).map((idea) => idea.id)
  const submitBulk = (event: FormEvent) => {
    event.preventDefault()
    bulk.transform((data) => ({ ...data, ideaIds: selected }))
    bulk.post(`${base}/bulk`, {
      preserveScroll: true,
      onSuccess: () => {
        setSelected([])
        bulk.reset()
      },
    })
  }
  const errors = bulk.errors as Record<string, string | undefined>

  return (
    <>
      <Head title={t('ui.proposals.staff.moderation')} />
      <h1>
        {t('ui.proposals.staff.moderation')}: {campaign.title}
      </h1>
      <p>
        <Link href="/staff/proposals">{t('ui.proposals.staff.title')}</Link> ·{' '}
        <Link href={`${base}?status=to_moderate`}>
          {t('ui.proposals.staff.to_moderate', { count: toModerate })}
        </Link>
      </p>
      <form role="search" className="card filters" onSubmit={applyFilters}>
        <SelectInput
          name="status"
          label={t('ui.proposals.staff.filter_status')}
          defaultValue={filters.status}
          options={STATUSES.map((status) => ({
            value: status,
            label: ['to_moderate', 'all'].includes(status)
              ? t(`ui.proposals.staff.status_${status}`)
              : t(`ui.proposals.status.${status}`),
          }))}
        />
        {props.categories.length > 0 && (
          <SelectInput
            name="categoryId"
            label={t('ui.proposals.staff.filter_category')}
            defaultValue={filters.categoryId ?? ''}
            options={[
              { value: '', label: t('ui.proposals.staff.filter_any') },
              ...props.categories.map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
        )}
        {props.pots.length > 1 && (
          <SelectInput
            name="potId"
            label={t('ui.proposals.staff.filter_pot')}
            defaultValue={filters.potId ?? ''}
            options={[
              { value: '', label: t('ui.proposals.staff.filter_any') },
              ...props.pots.map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
        )}
        <button type="submit" className="button secondary">
          {t('ui.proposals.staff.filter_apply')}
        </button>
      </form>

      {canModerate && ideas.length > 0 && (
        <form className="card bulk-bar" onSubmit={submitBulk}>
          <p role="status">
            {t('ui.proposals.staff.selected_count', { count: selected.length, max: bulkMax })}
          </p>
          <SelectInput
            label={t('ui.proposals.staff.bulk_action')}
            value={bulk.data.action}
            onChange={(event) => bulk.setData('action', event.target.value)}
            options={[
              { value: 'approve', label: t('ui.proposals.staff.bulk_approve') },
              { value: 'hide', label: t('ui.proposals.staff.bulk_hide') },
            ]}
          />
          <TextInput
            label={t('ui.proposals.staff.bulk_reason')}
            value={bulk.data.reason}
            maxLength={2000}
            error={errors.reason}
            onChange={(event) => bulk.setData('reason', event.target.value)}
          />
          {errors.ideaIds && (
            <p className="field-error" role="alert">
              {errors.ideaIds}
            </p>
          )}
          <LoadingButton
            loading={bulk.processing}
            disabled={bulk.processing || selected.length === 0}
          >
            {t('ui.proposals.staff.bulk_submit')}
          </LoadingButton>
        </form>
      )}

      {ideas.length === 0 ? (
        <p className="muted">{t('ui.proposals.staff.empty')}</p>
      ) : (
        <TableWrap label={t('ui.proposals.staff.moderation')}>
          <table className="queue">
            <thead>
              <tr>
                {canModerate && (
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label={t('ui.proposals.staff.select_all')}
                      checked={selected.length > 0 && selected.length === allShown.length}
                      onChange={(event) => setSelected(event.target.checked ? allShown : [])}
                    />
                  </th>
                )}
                <th scope="col">#</th>
                <th scope="col">{t('ui.proposals.fields.title')}</th>
                <th scope="col">{t('ui.proposals.staff.filter_status')}</th>
                <th scope="col">{t('ui.proposals.staff.supports')}</th>
                <th scope="col">{t('ui.proposals.staff.details')}</th>
              </tr>
            </thead>
            <tbody>
              {ideas.map((idea) => (
                <QueueRow
                  key={idea.id}
                  idea={idea}
                  history={props.history.filter((row) => row.ideaId === idea.id)}
                  canModerate={canModerate}
                  selected={selected.includes(idea.id)}
                  onSelect={() => toggle(idea.id)}
                  open={expanded === idea.id}
                  onToggle={() => setExpanded(expanded === idea.id ? null : idea.id)}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  )
}

function QueueRow({
  idea,
  history,
  canModerate,
  selected,
  onSelect,
  open,
  onToggle,
}: {
  idea: QueueIdea
  history: HistoryRow[]
  canModerate: boolean
  selected: boolean
  onSelect: () => void
  open: boolean
  onToggle: () => void
}) {
  const t = useT()
  const dates = useDates()
  const detailsId = `idea-${idea.id}-details`
  const columns = canModerate ? 6 : 5
  return (
    <>
      <tr data-idea={idea.id}>
        {canModerate && (
          <td>
            <input
              type="checkbox"
              aria-label={t('ui.proposals.staff.select', { id: idea.id })}
              checked={selected}
              onChange={onSelect}
            />
          </td>
        )}
        <td>{idea.id}</td>
        <td className="queue-title">
          <Link href={`/ideas/${idea.id}`}>{idea.title}</Link>
        </td>
        <td>
          <StatusBadge status={idea.status} />
        </td>
        <td>{idea.supportCount}</td>
        <td>
          <button
            type="button"
            className="button secondary"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={onToggle}
          >
            {t('ui.proposals.staff.details')}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={detailsId} className="queue-details">
          <td colSpan={columns}>
            <p>{idea.excerpt}</p>
            {idea.hiddenReason && (
              <p className="muted">
                {t('ui.proposals.show.hidden_reason', { reason: idea.hiddenReason })}
              </p>
            )}
            {canModerate && idea.status === 'hidden' && (
              <ReasonForm
                action={`/staff/proposals/ideas/${idea.id}/unhide`}
                label={t('ui.proposals.staff.reason')}
                submitLabel={t('ui.proposals.staff.unhide')}
              />
            )}
            {canModerate && ['published', 'in_review', 'rejected'].includes(idea.status) && (
              <ReasonForm
                action={`/staff/proposals/ideas/${idea.id}/merge`}
                label={t('ui.proposals.staff.reason')}
                submitLabel={t('ui.proposals.staff.merge')}
                withTarget
              />
            )}
            {idea.attachments.length > 0 && (
              <ul aria-label={t('ui.proposals.show.attachments')}>
                {idea.attachments.map((file) => (
                  <li key={file.id}>
                    <a href={file.url}>{file.name}</a>
                    {canModerate && (
                      <ReasonForm
                        action={`/staff/proposals/ideas/${idea.id}/attachments/${file.id}`}
                        method="delete"
                        label={t('ui.proposals.staff.reason')}
                        submitLabel={t('ui.proposals.staff.remove_file', { name: file.name })}
                      />
                    )}
                  </li>
                ))}
              </ul>
            )}
            <ul className="muted">
              {history.map((row) => (
                <li key={row.id}>
                  {dates.dateTime(row.at)} — {t(`ui.proposals.staff.action_${row.action}`)}:{' '}
                  {row.reason}
                  {row.mergedIntoId && ` → #${row.mergedIntoId}`}
                  {row.attachmentName && ` (${row.attachmentName})`}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  )
}
