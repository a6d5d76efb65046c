import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import type { StaffCampaign } from '~/components/proposals/types'
import TableWrap from '~/components/table_wrap'

interface Props {
  campaigns: (StaffCampaign & {
    counts: Record<string, number>
    canModerate: boolean
    canReview: boolean
    canBallot: boolean
  })[]
}

/** Staff: campaigns with ideas, and the queues this member may open. */
export default function ProposalsIndex({ campaigns }: Props) {
  const t = useT()
  return (
    <>
      <Head title={t('ui.proposals.staff.title')} />
      <h1>{t('ui.proposals.staff.title')}</h1>
      {campaigns.length === 0 && <p className="muted">{t('ui.proposals.staff.empty')}</p>}
      <TableWrap label={t('ui.proposals.staff.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('ui.proposals.staff.campaign')}</th>
              <th scope="col">{t('ui.proposals.staff.counts')}</th>
              <th scope="col">{t('ui.proposals.staff.queues')}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((campaign) => (
              <tr key={campaign.id}>
                <td>{campaign.title}</td>
                <td>
                  {Object.entries(campaign.counts)
                    .map(([status, count]) => `${t(`ui.proposals.status.${status}`)}: ${count}`)
                    .join(', ')}
                </td>
                <td>
                  {/* A flex box inside the cell: a flex cell leaves the table's layout. */}
                  <div className="actions">
                    {campaign.canModerate && (
                      <Link href={`/staff/proposals/campaigns/${campaign.id}/moderation`}>
                        {t('ui.proposals.staff.moderation')}
                      </Link>
                    )}
                    {campaign.canModerate && (
                      <Link href={`/staff/proposals/campaigns/${campaign.id}/comments`}>
                        {t('ui.discussion.staff.nav')}
                      </Link>
                    )}
                    {campaign.canReview && (
                      <Link href={`/staff/proposals/campaigns/${campaign.id}/reviews`}>
                        {t('ui.proposals.staff.reviews')}
                      </Link>
                    )}
                    {campaign.canBallot && (
                      <Link href={`/staff/proposals/campaigns/${campaign.id}/ballot`}>
                        {t('ui.proposals.staff.ballot')}
                      </Link>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  )
}
