import type { FormEvent } from 'react'
import { Head, Link, router, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import SelectInput from '~/components/form/select_input'
import LoadingButton from '~/components/form/loading_button'
import type { IdeaDetail, ResidentCampaign } from '~/components/proposals/types'
import TextArea from '~/components/form/text_area'
import { useAmounts } from '~/components/form/use_amounts'
import { MB, onFileChosen, useFileCheck } from '~/components/form/file_check'
import { toMajor } from '~/components/campaigns/format'
import LocationPicker from '~/components/ideas/map/location_picker'
import NewIdeaPhoto, { PHOTO_LIMITS } from '~/components/ideas/photos/new_idea_photo'
import type { MapSettings } from '~/components/ideas/map/types'

interface Props {
  campaign: ResidentCampaign
  idea: IdeaDetail | null
  open: boolean
  eligible: boolean
  map: MapSettings | null
}

/** Residents: submit an idea (or save a draft), and edit it until review; attach photos and documents. */
export default function IdeaForm({ campaign, idea, open, eligible, map }: Props) {
  const t = useT()
  const amounts = useAmounts(campaign.currency)
  const form = useForm({
    title: idea?.title ?? '',
    description: idea?.description ?? '',
    categoryId: idea?.categoryId ? String(idea.categoryId) : '',
    potId: idea?.potId ? String(idea.potId) : '',
    districtId: idea?.districtId ? String(idea.districtId) : '',
    location: idea?.location ?? '',
    estimatedCost: idea?.estimatedCost ? toMajor(idea.estimatedCost, campaign.currency) : '',
    latitude: idea && idea.latitude !== null ? String(idea.latitude) : '',
    longitude: idea && idea.longitude !== null ? String(idea.longitude) : '',
    publish: false,
    photo: null as File | null,
  })
  const checkPhoto = useFileCheck(PHOTO_LIMITS)
  const upload = useForm<{ file: File | null }>({ file: null })
  // app/proposals/validators/idea_validators.ts: ATTACHMENT_SIZE_MAX, ATTACHMENT_EXTNAMES
  const checkFile = useFileCheck({
    maxBytes: 10 * MB,
    extensions: ['jpg', 'jpeg', 'png', 'webp', 'pdf'],
  })
  const errors = form.errors as Record<string, string | undefined>

  const submit = (publish: boolean) => (event: FormEvent) => {
    event.preventDefault()
    const checked = amounts.check(form, { estimatedCost: form.data.estimatedCost }, [
      'estimatedCost',
    ])
    if (!checked) return
    const photoProblem = checkPhoto(form.data.photo)
    if (photoProblem) return form.setError('photo', photoProblem)
    form.transform((data) => {
      const body: Record<string, unknown> = { title: data.title, publish }
      if (data.description) body.description = data.description
      if (data.location) body.location = data.location
      // Sent as typed (comma as the decimal mark accepted): the server says what is wrong.
      for (const key of ['latitude', 'longitude'] as const) {
        const value = data[key].trim().replace(',', '.')
        if (value) body[key] = value
      }
      if (!idea && data.photo) body.photo = data.photo
      for (const key of ['categoryId', 'potId', 'districtId'] as const) {
        if (data[key]) body[key] = Number(data[key])
      }
      if (checked.estimatedCost !== null) body.estimatedCost = checked.estimatedCost
      return body as typeof data
    })
    if (idea) form.put(`/ideas/${idea.id}`)
    else form.post(`/campaigns/${campaign.slug}/ideas`)
  }
  const options = (items: { id: number; name: string }[]) => [
    { value: '', label: t('ui.proposals.filters.none') },
    ...items.map((item) => ({ value: item.id, label: item.name })),
  ]
  const title = idea ? t('ui.proposals.form.edit_title') : t('ui.proposals.form.new_title')

  if (!open || !eligible) {
    return (
      <>
        <Head title={title} />
        <h1>{title}</h1>
        <p className="notice">
          {t(open ? 'ui.proposals.form.not_eligible' : 'ui.proposals.form.closed')}
        </p>
        <Link href={`/campaigns/${campaign.slug}/ideas`}>
          {t('ui.proposals.show.back', { campaign: campaign.title })}
        </Link>
      </>
    )
  }

  return (
    <>
      <Head title={title} />
      <h1>{title}</h1>
      <p className="muted">{campaign.title}</p>
      <form onSubmit={submit(true)} noValidate>
        <TextInput
          label={t('ui.proposals.fields.title')}
          value={form.data.title}
          onChange={(event) => form.setData('title', event.target.value)}
          error={errors.title}
          required
          maxLength={200}
        />
        <TextArea
          id="idea-description"
          label={t('ui.proposals.fields.description')}
          rows={8}
          value={form.data.description}
          onChange={(event) => form.setData('description', event.target.value)}
          error={errors.description}
          maxLength={10000}
        />
        <SelectInput
          label={t('ui.proposals.fields.category')}
          value={form.data.categoryId}
          onChange={(event) => form.setData('categoryId', event.target.value)}
          options={options(campaign.categories)}
          error={errors.categoryId}
        />
        <SelectInput
          label={t('ui.proposals.fields.pot')}
          value={form.data.potId}
          onChange={(event) => form.setData('potId', event.target.value)}
          options={options(campaign.pots)}
          error={errors.potId}
        />
        <SelectInput
          label={t('ui.proposals.fields.district')}
          value={form.data.districtId}
          onChange={(event) => form.setData('districtId', event.target.value)}
          options={options(campaign.districts)}
          error={errors.districtId}
        />
        <TextInput
          label={t('ui.proposals.fields.location')}
          value={form.data.location}
          onChange={(event) => form.setData('location', event.target.value)}
          error={errors.location}
          maxLength={300}
        />
        <LocationPicker
          settings={map}
          latitude={form.data.latitude}
          longitude={form.data.longitude}
          onChange={(latitude, longitude) => form.setData({ ...form.data, latitude, longitude })}
          errors={{ latitude: errors.latitude, longitude: errors.longitude }}
        />
        <TextInput
          label={t('ui.proposals.fields.estimated_cost')}
          hint={amounts.hint}
          inputMode="decimal"
          value={form.data.estimatedCost}
          onChange={(event) => form.setData('estimatedCost', event.target.value)}
          error={errors.estimatedCost}
        />
        {!idea && (
          <NewIdeaPhoto
            check={checkPhoto}
            error={errors.photo}
            onChoose={(file, problem) => {
              form.setData('photo', file)
              if (problem) form.setError('photo', problem)
              else form.clearErrors('photo')
            }}
          />
        )}
        <div className="actions">
          {(!idea || idea.status === 'draft') && (
            <button
              type="button"
              className="button secondary"
              onClick={submit(false)}
              disabled={form.processing}
            >
              {t('ui.proposals.form.save_draft')}
            </button>
          )}
          <LoadingButton loading={form.processing}>
            {idea && idea.status !== 'draft'
              ? t('ui.proposals.form.save')
              : t('ui.proposals.form.submit')}
          </LoadingButton>
        </div>
      </form>

      {idea && (
        <section aria-labelledby="files-heading" className="card">
          <h2 id="files-heading">{t('ui.proposals.show.attachments')}</h2>
          <ul>
            {idea.attachments.map((file) => (
              <li key={file.id}>
                <a href={file.url}>{file.name}</a>{' '}
                <button
                  type="button"
                  className="button secondary small"
                  aria-label={t('ui.proposals.form.remove_file', { name: file.name })}
                  onClick={() =>
                    router.delete(`/ideas/${idea.id}/attachments/${file.id}`, {
                      preserveScroll: true,
                    })
                  }
                >
                  {t('ui.proposals.form.remove')}
                </button>
              </li>
            ))}
          </ul>
          <form
            onSubmit={(event) => {
              event.preventDefault()
              const problem = checkFile(upload.data.file)
              if (problem) return upload.setError('file', problem)
              upload.post(`/ideas/${idea.id}/attachments`, {
                forceFormData: true,
                onSuccess: () => upload.reset(),
              })
            }}
          >
            <div className="field">
              <label htmlFor="idea-file">{t('ui.proposals.form.file')}</label>
              <p className="hint">{t('ui.proposals.form.file_hint')}</p>
              <input
                id="idea-file"
                type="file"
                accept=".jpg,.jpeg,.png,.webp,.pdf,image/jpeg,image/png,image/webp,application/pdf"
                onChange={onFileChosen(upload, checkFile)}
                aria-invalid={upload.errors.file ? true : undefined}
              />
              {upload.errors.file && (
                <p className="field-error" role="alert">
                  {upload.errors.file}
                </p>
              )}
            </div>
            <LoadingButton loading={upload.processing}>
              {t('ui.proposals.form.attach')}
            </LoadingButton>
          </form>
        </section>
      )}
    </>
  )
}
