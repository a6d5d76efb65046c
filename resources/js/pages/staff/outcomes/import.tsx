import '~/css/staff.css'
import { Head, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import SelectInput from '~/components/form/select_input'

interface Props {
  communities: { id: number; name: string; code: string }[]
}

/** Admin: a Pabulib file becomes a finished campaign; a malformed file is refused naming its line. */
export default function PabulibImport({ communities }: Props) {
  const t = useT()
  const form = useForm<{ communityId: string; file: File | null }>({
    communityId: communities[0] ? String(communities[0].id) : '',
    file: null,
  })
  return (
    <>
      <Head title={t('ui.outcomes.staff.import_title')} />
      <h1>{t('ui.outcomes.staff.import_title')}</h1>
      <p className="hint">{t('ui.outcomes.staff.import_help')}</p>
      <form
        className="card"
        onSubmit={(event) => {
          event.preventDefault()
          form.post('/staff/outcomes/import', { forceFormData: true })
        }}
      >
        <SelectInput
          id="communityId"
          label={t('ui.outcomes.staff.community')}
          value={form.data.communityId}
          error={form.errors.communityId}
          onChange={(event) => form.setData('communityId', event.target.value)}
          options={communities.map((c) => ({
            value: String(c.id),
            label: `${c.name} (${c.code})`,
          }))}
        />
        <div className="field">
          <label htmlFor="pabulib-file">{t('ui.outcomes.staff.file')}</label>
          <input
            id="pabulib-file"
            type="file"
            accept=".pb,text/plain"
            required
            aria-invalid={form.errors.file ? true : undefined}
            aria-describedby={form.errors.file ? 'pabulib-file-error' : undefined}
            onChange={(event) => form.setData('file', event.target.files?.[0] ?? null)}
          />
          {form.errors.file && (
            <p id="pabulib-file-error" className="field-error" role="alert">
              {form.errors.file}
            </p>
          )}
        </div>
        <LoadingButton loading={form.processing} disabled={!form.data.file || form.processing}>
          {t('ui.outcomes.staff.import')}
        </LoadingButton>
      </form>
    </>
  )
}
