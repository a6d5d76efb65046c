import { useState, type FormEvent } from 'react'
import { Head, Link, router } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import Pagination from '~/components/pagination'
import SelectInput from '~/components/form/select_input'
import TextInput from '~/components/form/text_input'
import StatusBadge from '~/components/proposals/status_badge'
import { useMoney } from '~/components/proposals/use_money'
import type { IdeaSummary, ResidentCampaign } from '~/components/proposals/types'
import '~/css/ideas.css'
import AuthorLine from '~/components/ideas/author_line'
import FiltersToggle from '~/components/ideas/filters_toggle'
import SupportProgress from '~/components/ideas/support_progress'
import IdeasMap from '~/components/ideas/map/ideas_map'
import type { MapSettings } from '~/components/ideas/map/types'

interface Filters {
  q?: string
  categoryId?: number
  potId?: number
  districtId?: number
  status?: string
  sort?: string
}

interface Props {
  campaign: ResidentCampaign
  ideas: (IdeaSummary & { authorName: string | null })[]
  meta: { total: number; page: number; lastPage: number }
  filters: Filters
  /** Field messages for filters the server refused (the list is then shown without them). */
  filterErrors: Record<string, string> | null
  canSubmit: boolean
  map: MapSettings | null
  /** The campaign's ideas with a place (only when there is a map). */
  mapped: { id: number; title: string; latitude: number; longitude: number }[]
}

const SORTS = ['relevance', 'newest', 'oldest', 'supports', 'cost']
const STATUSES = ['published', 'in_review', 'on_ballot', 'rejected']

/** Residents: a campaign's ideas with full-text search, filters and sorting (all in the query string). */
export default function IdeasIndex({
  campaign,
  ideas,
  meta,
  filters,
  filterErrors,
  canSubmit,
  map,
  mapped,
}: Props) {
  const t = useT()
  const money = useMoney(campaign.currency)
  const errors = filterErrors ?? {}
  const [form, setForm] = useState<Record<string, string>>({
    q: filters.q ?? '',
    categoryId: String(filters.categoryId ?? ''),
    potId: String(filters.potId ?? ''),
    districtId: String(filters.districtId ?? ''),
    status: filters.status ?? '',
    sort: filters.sort ?? '',
  })
  // Phones: filters folded unless some are set or refused.
  const [filtersOpen, setFiltersOpen] = useState(
    Object.values(form).some((value) => value !== '') || Object.keys(errors).length > 0
  )
  const set = (key: string) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value })
  const path = `/campaigns/${campaign.slug}/ideas`
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const query = Object.fromEntries(Object.entries(form).filter(([, value]) => value !== ''))
    router.get(path, query, { preserveState: true })
  }
  const options = (items: { id: number; name: string }[]) => [
    { value: '', label: t('ui.proposals.filters.any') },
    ...items.map((item) => ({ value: item.id, label: item.name })),
  ]
  return (
    <>
      <Head title={t('ui.proposals.index.title', { campaign: campaign.title })} />
      <h1>{t('ui.proposals.index.title', { campaign: campaign.title })}</h1>
      <p className="actions">
        <Link href={`/campaigns/${campaign.slug}`}>{t('ui.proposals.index.back')}</Link>
        {canSubmit && (
          <Link href={`/campaigns/${campaign.slug}/ideas/new`} className="button">
            {t('ui.proposals.index.submit')}
          </Link>
        )}
      </p>

      <FiltersToggle
        open={filtersOpen}
        controls="idea-filters"
        onToggle={() => setFiltersOpen(!filtersOpen)}
      />
      <form
        id="idea-filters"
        role="search"
        onSubmit={submit}
        className={`card filters${filtersOpen ? '' : ' is-collapsed'}`}
      >
        <TextInput
          label={t('ui.proposals.filters.q')}
          type="search"
          value={form.q}
          onChange={set('q')}
          maxLength={200}
          error={errors.q}
        />
        <SelectInput
          label={t('ui.proposals.fields.category')}
          value={form.categoryId}
          onChange={set('categoryId')}
          error={errors.categoryId}
          options={options(campaign.categories)}
        />
        <SelectInput
          label={t('ui.proposals.fields.pot')}
          value={form.potId}
          onChange={set('potId')}
          error={errors.potId}
          options={options(campaign.pots)}
        />
        <SelectInput
          label={t('ui.proposals.fields.district')}
          value={form.districtId}
          onChange={set('districtId')}
          error={errors.districtId}
          options={options(campaign.districts)}
        />
        <SelectInput
          label={t('ui.proposals.filters.status')}
          value={form.status}
          onChange={set('status')}
          error={errors.status}
          options={[
            { value: '', label: t('ui.proposals.filters.any') },
            ...STATUSES.map((status) => ({
              value: status,
              label: t(`ui.proposals.status.${status}`),
            })),
          ]}
        />
        <SelectInput
          label={t('ui.proposals.filters.sort')}
          value={form.sort}
          onChange={set('sort')}
          error={errors.sort}
          options={[
            { value: '', label: t('ui.proposals.filters.any') },
            ...SORTS.map((sort) => ({ value: sort, label: t(`ui.proposals.sort.${sort}`) })),
          ]}
        />
        <button type="submit" className="button">
          {t('ui.proposals.filters.apply')}
        </button>
      </form>

      {errors.page && (
        <p className="field-error" role="alert">
          {errors.page}
        </p>
      )}
      <p className="muted" aria-live="polite">
        {t('ui.proposals.index.found', { count: meta.total })}
      </p>
      <ul className="idea-list">
        {ideas.map((idea) => (
          <li key={idea.id} className="card idea-card">
            <h2>
              <Link href={`/ideas/${idea.id}`}>{idea.title}</Link>
            </h2>
            <AuthorLine name={idea.authorName} day={idea.publishedAt} />
            <StatusBadge status={idea.status} />
            <p>{idea.excerpt}</p>
            <p className="muted idea-meta">
              <span>{t('ui.proposals.supports', { count: idea.supportCount })}</span>
              <span>{money(idea.estimatedCost)}</span>
            </p>
            {idea.status === 'published' && (
              <SupportProgress count={idea.supportCount} threshold={campaign.supportThreshold} />
            )}
          </li>
        ))}
      </ul>
      <Pagination page={meta.page} lastPage={meta.lastPage} filters={form} path={path} />
      {map && <IdeasMap settings={map} ideas={mapped} />}
    </>
  )
}
