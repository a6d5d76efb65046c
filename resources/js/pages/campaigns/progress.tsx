import { Head, Link, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import { formatMoney } from '~/components/campaigns/format'
import ProgressBar from '~/components/implementation/progress_bar'
import ImplementationStatusBadge from '~/components/implementation/status_badge'
import MilestoneTimeline from '~/components/implementation/milestone_timeline'
import type { ProjectProgress } from '~/components/implementation/types'

interface Props {
  campaign: { id: number; slug: string; title: string; stage: string; currency: string }
  projects: ProjectProgress[]
}

/** Residents: every funded project's status, progress and milestones. */
export default function CampaignProgress({ campaign, projects }: Props) {
  const t = useT()
  const { locale } = usePage<SharedProps>().props
  return (
    <>
      <Head title={`${t('ui.implementation.public.title')} · ${campaign.title}`} />
      <h1>{t('ui.implementation.public.title')}</h1>
      <p className="lead">
        <Link href={`/campaigns/${campaign.slug}`}>{campaign.title}</Link>
      </p>
      <p>{t('ui.implementation.public.lead')}</p>
      {projects.length === 0 && <p className="muted">{t('ui.implementation.public.empty')}</p>}
      {projects.map((project) => (
        <article
          key={project.projectId}
          className="card"
          aria-labelledby={`project-${project.projectId}`}
        >
          <h2 id={`project-${project.projectId}`}>
            {project.title} <ImplementationStatusBadge status={project.status} />
          </h2>
          <p className="muted">
            {t('ui.implementation.public.cost', {
              cost: formatMoney(project.cost, campaign.currency, locale),
            })}
          </p>
          <ProgressBar
            percent={project.progressPercent}
            status={project.status}
            label={project.title}
          />
          <h3>{t('ui.implementation.public.milestones')}</h3>
          <MilestoneTimeline milestones={project.milestones} />
        </article>
      ))}
      <p>
        <Link href={`/campaigns/${campaign.slug}`}>{t('ui.implementation.public.back')}</Link>
      </p>
    </>
  )
}
