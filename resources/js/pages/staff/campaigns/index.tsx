import { useState, type FormEvent } from 'react'
import { Head, Link, router, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import SelectInput from '~/components/form/select_input'
import TextInput from '~/components/form/text_input'
import type { Stage } from '~/components/campaigns/types'
import { formatMoney } from '~/components/campaigns/format'
import TableWrap from '~/components/table_wrap'

interface Props {
  campaigns: {
    id: number
    slug: string
    title: string
    stage: Stage
    communityId: number
    totalBudget: number
    currency: string
  }[]
  pagination: { page: number; lastPage: number; total: number }
  filters: { stage: Stage | null; communityId: number | null; search: string }
  stages: Stage[]
  communities: { id: number; name: string }[]
  canCreate: boolean
}

/** Staff list of campaigns with filters kept in the query string. */
export default function CampaignsIndex({
  campaigns,
  pagination,
  filters,
  stages,
  communities,
  canCreate,
}: Props) {
  const t = useT()
  const { locale } = usePage<SharedProps>().props
  const [stage, setStage] = useState(filters.stage ?? '')
  const [communityId, setCommunityId] = useState(String(filters.communityId ?? ''))
  const [search, setSearch] = useState(filters.search)
  const communityName = (id: number) => communities.find((c) => c.id === id)?.name ?? `#${id}`

  const query = (page?: number) =>
    Object.fromEntries(
      Object.entries({ stage, communityId, search, page: page ? String(page) : '' }).filter(
        ([, value]) => value !== ''
      )
    )
  const apply = (event: FormEvent) => {
    event.preventDefault()
    router.get('/staff/campaigns', query(), { preserveState: true })
  }

  return (
    <>
      <Head title={t('ui.campaigns.staff.title')} />
      <h1>{t('ui.campaigns.staff.title')}</h1>
      {canCreate && (
        <p>
          <Link href="/staff/campaigns/create" className="button">
            {t('ui.campaigns.staff.new')}
          </Link>
        </p>
      )}
      <form onSubmit={apply} className="card" role="search">
        <SelectInput
          label={t('ui.campaigns.fields.stage')}
          value={stage}
          onChange={(event) => setStage(event.target.value)}
          options={[
            { value: '', label: t('ui.campaigns.staff.any') },
            ...stages.map((value) => ({ value, label: t(`ui.campaigns.stages.${value}`) })),
          ]}
        />
        <SelectInput
          label={t('ui.campaigns.fields.community')}
          value={communityId}
          onChange={(event) => setCommunityId(event.target.value)}
          options={[
            { value: '', label: t('ui.campaigns.staff.any') },
            ...communities.map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <TextInput
          label={t('ui.campaigns.staff.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="submit" className="button">
          {t('ui.campaigns.staff.filter')}
        </button>
      </form>
      {campaigns.length === 0 ? (
        <p className="muted">{t('ui.campaigns.staff.empty')}</p>
      ) : (
        <TableWrap label={t('ui.campaigns.staff.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('ui.campaigns.fields.title')}</th>
                <th scope="col">{t('ui.campaigns.fields.community')}</th>
                <th scope="col">{t('ui.campaigns.fields.stage')}</th>
                <th scope="col">{t('ui.campaigns.fields.total_budget')}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => (
                <tr key={campaign.id}>
                  <td>
                    <Link href={`/staff/campaigns/${campaign.id}/review`}>{campaign.title}</Link>
                  </td>
                  <td>{communityName(campaign.communityId)}</td>
                  <td>{t(`ui.campaigns.stages.${campaign.stage}`)}</td>
                  <td>{formatMoney(campaign.totalBudget, campaign.currency, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {pagination.lastPage > 1 && (
        <nav aria-label={t('ui.campaigns.staff.pages')} className="actions">
          {pagination.page > 1 && (
            <Link href="/staff/campaigns" data={query(pagination.page - 1)}>
              {t('ui.campaigns.staff.previous')}
            </Link>
          )}
          <span>
            {t('ui.campaigns.staff.page_of', { page: pagination.page, last: pagination.lastPage })}
          </span>
          {pagination.page < pagination.lastPage && (
            <Link href="/staff/campaigns" data={query(pagination.page + 1)}>
              {t('ui.campaigns.staff.next')}
            </Link>
          )}
        </nav>
      )}
    </>
  )
}
