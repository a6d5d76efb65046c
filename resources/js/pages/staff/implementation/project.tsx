import type { FormEvent } from 'react'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import SelectInput from '~/components/form/select_input'
import LoadingButton from '~/components/form/loading_button'
import ProgressBar from '~/components/implementation/progress_bar'
import MilestoneTimeline from '~/components/implementation/milestone_timeline'
import type {
  ImplementationCampaign,
  ImplementationStatus,
  Milestone,
  ProjectProgress,
} from '~/components/implementation/types'
import TextArea from '~/components/form/text_area'

const STATUSES: ImplementationStatus[] = ['planned', 'in_progress', 'done', 'cancelled']

interface Props {
  campaign: ImplementationCampaign
  project: ProjectProgress & { funded: boolean }
  canManage: boolean
}

function ProgressForm({ project }: { project: Props['project'] }) {
  const t = useT()
  const form = useForm({ status: project.status, progressPercent: String(project.progressPercent) })
  const errors = form.errors as Record<string, string | undefined>
  const submit = (event: FormEvent) => {
    event.preventDefault()
    form.transform(
      (data) =>
        ({
          status: data.status,
          progressPercent: Number(data.progressPercent),
        }) as unknown as typeof data
    )
    form.put(`/staff/implementation/projects/${project.projectId}/progress`, {
      preserveScroll: true,
    })
  }
  return (
    <form onSubmit={submit} className="inline-form">
      <SelectInput
        label={t('ui.implementation.staff.status')}
        value={form.data.status}
        onChange={(event) => form.setData('status', event.target.value as ImplementationStatus)}
        options={STATUSES.map((status) => ({
          value: status,
          label: t(`ui.implementation.status.${status}`),
        }))}
        error={errors.status}
      />
      <TextInput
        label={t('ui.implementation.staff.progress')}
        type="number"
        min={0}
        max={100}
        value={form.data.progressPercent}
        onChange={(event) => form.setData('progressPercent', event.target.value)}
        error={errors.progressPercent}
      />
      <LoadingButton loading={form.processing}>{t('ui.implementation.staff.save')}</LoadingButton>
    </form>
  )
}

/** Create (no milestone) or edit a milestone; new photos go as multipart form data. */
function MilestoneForm({ projectId, milestone }: { projectId: number; milestone?: Milestone }) {
  const t = useT()
  const form = useForm<{
    date: string
    description: string
    photos: File[]
    removePhotoIds: number[]
  }>({
    date: milestone?.date ?? '',
    description: milestone?.description ?? '',
    photos: [],
    removePhotoIds: [],
  })
  const errors = form.errors as Record<string, string | undefined>
  const photoError = Object.entries(errors).find(([field]) => field.startsWith('photos'))?.[1]
  const base = `/staff/implementation/projects/${projectId}/milestones`
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const options = {
      preserveScroll: true,
      forceFormData: true,
      onSuccess: () => {
        if (!milestone) form.reset()
      },
    }
    if (milestone) form.post(`${base}/${milestone.id}?_method=PUT`, options)
    else form.post(base, options)
  }
  return (
    <form onSubmit={submit} className="card">
      <TextInput
        label={t('ui.implementation.staff.date')}
        type="date"
        value={form.data.date}
        onChange={(event) => form.setData('date', event.target.value)}
        error={errors.date}
        required
      />
      <TextArea
        id={`description-${milestone?.id ?? 'new'}`}
        label={t('ui.implementation.staff.description')}
        value={form.data.description}
        onChange={(event) => form.setData('description', event.target.value)}
        error={errors.description}
        required
      />
      {milestone && milestone.photos.length > 0 && (
        <fieldset>
          {milestone.photos.map((photo) => (
            <label key={photo.id}>
              <input
                type="checkbox"
                checked={form.data.removePhotoIds.includes(photo.id)}
                onChange={(event) =>
                  form.setData(
                    'removePhotoIds',
                    event.target.checked
                      ? [...form.data.removePhotoIds, photo.id]
                      : form.data.removePhotoIds.filter((id) => id !== photo.id)
                  )
                }
              />
              <img src={photo.url} alt="" width={80} /> {t('ui.implementation.staff.remove_photo')}
            </label>
          ))}
        </fieldset>
      )}
      <TextInput
        label={t('ui.implementation.staff.photos')}
        type="file"
        multiple
        accept="image/jpeg,image/png,image/webp"
        onChange={(event) => form.setData('photos', Array.from(event.target.files ?? []))}
        error={photoError}
      />
      <LoadingButton loading={form.processing}>
        {milestone ? t('ui.implementation.staff.save') : t('ui.implementation.staff.add')}
      </LoadingButton>
    </form>
  )
}

function RemoveMilestone({ projectId, milestoneId }: { projectId: number; milestoneId: number }) {
  const t = useT()
  const form = useForm({})
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        if (!window.confirm(t('ui.implementation.staff.confirm_remove'))) return
        form.delete(`/staff/implementation/projects/${projectId}/milestones/${milestoneId}`, {
          preserveScroll: true,
        })
      }}
    >
      <LoadingButton loading={form.processing}>{t('ui.implementation.staff.remove')}</LoadingButton>
    </form>
  )
}

/** Staff: one funded project — status, progress and milestones with photos. */
export default function ImplementationProject({ campaign, project, canManage }: Props) {
  const t = useT()
  return (
    <>
      <Head title={`${project.title} · ${t('ui.implementation.staff.title')}`} />
      <h1>{project.title}</h1>
      <p>
        <Link href={`/staff/implementation/campaigns/${campaign.id}`}>{campaign.title}</Link>
      </p>
      <ProgressBar
        percent={project.progressPercent}
        status={project.status}
        label={project.title}
      />
      {canManage && project.funded ? (
        <>
          <ProgressForm project={project} />
          <h2>{t('ui.implementation.staff.milestones')}</h2>
          {project.milestones.map((milestone) => (
            <section key={milestone.id} aria-label={milestone.date}>
              <MilestoneForm projectId={project.projectId} milestone={milestone} />
              <RemoveMilestone projectId={project.projectId} milestoneId={milestone.id} />
            </section>
          ))}
          <h2>{t('ui.implementation.staff.new_milestone')}</h2>
          <MilestoneForm projectId={project.projectId} />
        </>
      ) : (
        <>
          {!canManage && <p className="muted">{t('ui.implementation.staff.read_only')}</p>}
          <h2>{t('ui.implementation.staff.milestones')}</h2>
          <MilestoneTimeline milestones={project.milestones} />
        </>
      )}
    </>
  )
}
