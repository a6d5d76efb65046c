import { useState, type FormEvent } from 'react'
import { Head, useForm, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import { useContentText } from '~/lib/content'
import LoadingButton from '~/components/form/loading_button'
import SelectInput from '~/components/form/select_input'
import WizardSteps from '~/components/campaigns/wizard_steps'
import type { CampaignForm } from '~/components/campaigns/types'
import { MB } from '~/components/form/file_check'
import CsvUpload, { lineErrorsOf } from '~/components/form/csv_upload'

interface Props {
  campaign: CampaignForm
  districts: { id: number; name: string; code: string }[]
  canManage: boolean
}

/** app/campaigns/validators/settings_validators.ts: CENSUS_FILE_SIZE_MAX, CENSUS_LINES_MAX. */
const CENSUS_FILE = { maxBytes: 16 * MB, extensions: ['csv', 'txt'] }
const CENSUS_LINES_MAX = 200_000

/** Census register import: CSV of phones or ID hashes, checked line by line before anything is saved. */
export default function CampaignCensus({ campaign, districts, canManage }: Props) {
  const t = useT()
  const text = useContentText()
  const { errors = {} } = usePage<SharedProps>().props
  const form = useForm({
    kind: 'phone',
    districtId: '',
    file: null as File | null,
    replace: false,
  })
  // false while the chosen file is of a wrong type, too large or too long: it is not sent
  const [fileOk, setFileOk] = useState(true)
  // Sent as multipart (the file is streamed to the server, which reads it line by line).
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!fileOk) return
    form.transform(({ districtId, replace, ...data }) => ({
      ...data,
      ...(districtId === '' ? {} : { districtId: Number(districtId) }),
      ...(replace ? { replace: 'true' } : {}),
    }))
    form.post(`/staff/campaigns/${campaign.id}/census`, {
      preserveScroll: true,
      forceFormData: true,
      onSuccess: () => form.reset('file'),
    })
  }
  return (
    <>
      <Head title={t('ui.campaigns.census.title')} />
      <h1>{text(campaign.title)}</h1>
      <WizardSteps campaignId={campaign.id} current="census" />
      <h2>{t('ui.campaigns.census.title')}</h2>
      <p className="hint">{t('ui.campaigns.census.help')}</p>
      <p className="hint">{t('ui.campaigns.census.privacy')}</p>
      {canManage ? (
        <form onSubmit={submit} className="card" noValidate>
          <SelectInput
            label={t('ui.campaigns.census.kind')}
            value={form.data.kind}
            error={form.errors.kind}
            onChange={(event) => form.setData('kind', event.target.value)}
            options={[
              { value: 'phone', label: t('ui.campaigns.census.kind_phone') },
              { value: 'id_hash', label: t('ui.campaigns.census.kind_id_hash') },
            ]}
          />
          <SelectInput
            label={t('ui.campaigns.census.district')}
            value={form.data.districtId}
            error={form.errors.districtId}
            onChange={(event) => form.setData('districtId', event.target.value)}
            options={[
              { value: '', label: t('ui.campaigns.census.no_district') },
              ...districts.map((d) => ({ value: d.id, label: `${d.name} (${d.code})` })),
            ]}
          />
          <CsvUpload
            name="census"
            label={t('ui.campaigns.census.file')}
            file={form.data.file}
            error={form.errors.file ?? (errors.csv as string | undefined)}
            limits={CENSUS_FILE}
            linesMax={CENSUS_LINES_MAX}
            uploaded={form.progress?.percentage ?? null}
            lineErrors={lineErrorsOf(errors)}
            lineErrorsLabel={t('ui.campaigns.census.line_errors')}
            onFile={(file, ok) => {
              form.setData('file', file)
              setFileOk(ok)
            }}
          />
          <div className="field check">
            <input
              id="census-replace"
              type="checkbox"
              checked={form.data.replace}
              onChange={(event) => form.setData('replace', event.target.checked)}
            />
            <label htmlFor="census-replace">{t('ui.campaigns.census.replace')}</label>
          </div>
          <LoadingButton loading={form.processing}>{t('ui.campaigns.census.import')}</LoadingButton>
        </form>
      ) : (
        <p className="muted">{t('ui.campaigns.staff.read_only')}</p>
      )}
    </>
  )
}
