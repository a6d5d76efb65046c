import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import ProgressBar from '~/components/implementation/progress_bar'
import ImplementationStatusBadge from '~/components/implementation/status_badge'
import type {
  ImplementationCampaign,
  ImplementationStatus,
} from '~/components/implementation/types'

interface ProjectRow {
  projectId: number
  title: string
  cost: number
  funded: boolean
  fundedAt: string | null
  status: ImplementationStatus
  progressPercent: number
  milestones: number
}
interface Props {
  campaign: ImplementationCampaign
  projects: ProjectRow[]
  canManage: boolean
}

function FundingButton({ project }: { project: ProjectRow }) {
  const t = useT()
  const form = useForm({ funded: !project.funded })
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        form.post(`/staff/implementation/projects/${project.projectId}/funding`, {
          preserveScroll: true,
        })
      }}
      className="inline-form"
    >
      <LoadingButton loading={form.processing}>
        {project.funded
          ? t('ui.implementation.staff.mark_unfunded')
          : t('ui.implementation.staff.mark_funded')}
      </LoadingButton>
    </form>
  )
}

/** Staff: a campaign's projects on the ballot — funded or not, status and progress. */
export default function ImplementationCampaignPage({ campaign, projects, canManage }: Props) {
  const t = useT()
  return (
    <>
      <Head title={`${t('ui.implementation.staff.title')} · ${campaign.title}`} />
      <h1>
        {t('ui.implementation.staff.title')}: {campaign.title}
      </h1>
      <p>
        <Link href="/staff/implementation">{t('ui.implementation.staff.back')}</Link> ·{' '}
        <a href={`/campaigns/${campaign.slug}/progress`}>{t('ui.implementation.public.title')}</a>
      </p>
      {!campaign.fundingOpen && (
        <p className="notice">{t('ui.implementation.staff.funding_closed')}</p>
      )}
      {!canManage && <p className="muted">{t('ui.implementation.staff.read_only')}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('ui.implementation.staff.projects')}</th>
            <th scope="col">{t('ui.implementation.staff.funded')}</th>
            <th scope="col">{t('ui.implementation.staff.status')}</th>
            <th scope="col">{t('ui.implementation.staff.progress')}</th>
            <th scope="col">{t('ui.implementation.staff.milestones')}</th>
            {canManage && campaign.fundingOpen && <th scope="col" />}
          </tr>
        </thead>
        <tbody>
          {projects.map((project) => (
            <tr key={project.projectId}>
              <td>
                {project.funded ? (
                  <Link href={`/staff/implementation/projects/${project.projectId}`}>
                    {project.title}
                  </Link>
                ) : (
                  project.title
                )}
              </td>
              <td>
                {project.funded
                  ? t('ui.implementation.staff.funded')
                  : t('ui.implementation.staff.not_funded')}
              </td>
              <td>{project.funded && <ImplementationStatusBadge status={project.status} />}</td>
              <td>
                {project.funded && (
                  <ProgressBar
                    percent={project.progressPercent}
                    status={project.status}
                    label={project.title}
                  />
                )}
              </td>
              <td>{project.funded ? project.milestones : ''}</td>
              {canManage && campaign.fundingOpen && (
                <td>
                  <FundingButton project={project} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
