import '~/css/staff.css'
import { Head, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { MB, onFileChosen, useFileCheck } from '~/components/form/file_check'
import LoadingButton from '~/components/form/loading_button'
import TextInput from '~/components/form/text_input'
import SelectInput from '~/components/form/select_input'

interface Props {
  communities: { id: number; name: string; code: string }[]
}

/** Admin: a Pabulib file becomes a finished campaign; a malformed file is refused naming its line. */
export default function PabulibImport({ communities }: Props) {
  const t = useT()
  // config/bodyparser.ts multipart limit (the validator's 50 MB is never reached)
  const checkFile = useFileCheck({ maxBytes: 20 * MB, extensions: ['pb', 'txt', 'csv'] })
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
          const problem = checkFile(form.data.file)
          if (problem) return form.setError('file', problem)
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
        <TextInput
          id="pabulib-file"
          label={t('ui.outcomes.staff.file')}
          type="file"
          accept=".pb,text/plain"
          required
          error={form.errors.file}
          onChange={onFileChosen(form, checkFile)}
        />
        <LoadingButton loading={form.processing} disabled={!form.data.file || form.processing}>
          {t('ui.outcomes.staff.import')}
        </LoadingButton>
      </form>
    </>
  )
}
