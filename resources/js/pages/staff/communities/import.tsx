import '~/css/staff.css'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { MB, onFileChosen, useFileCheck } from '~/components/form/file_check'
import LoadingButton from '~/components/form/loading_button'
import TextInput from '~/components/form/text_input'
import TableWrap from '~/components/table_wrap'

interface Props {
  columns: string[]
  rowErrors: { line: number; column: string | null; message: string }[] | null
}

/** Upload a CSV of the hierarchy; every row is checked before anything is saved. */
export default function CommunitiesImport({ columns, rowErrors }: Props) {
  const t = useT()
  // app/communities/validators/community_validators.ts: importCommunitiesValidator
  const checkFile = useFileCheck({ maxBytes: 5 * MB, extensions: ['csv', 'txt'] })
  const form = useForm<{ file: File | null }>({ file: null })
  return (
    <>
      <Head title={t('ui.communities.import')} />
      <p>
        <Link href="/staff/communities">← {t('ui.communities.title')}</Link>
      </p>
      <h1>{t('ui.communities.import')}</h1>
      <div className="card">
        <p>{t('ui.communities.import_help', { columns: columns.join(', ') })}</p>
        <p className="hint">{t('ui.communities.import_rules')}</p>
        <pre className="sample">
          {`code;name;kind;parent_code;population\nVLG;Volgograd Oblast;region;;2500000\nVLG-C;Volgograd;city;VLG;1000000`}
        </pre>
      </div>
      {rowErrors && rowErrors.length > 0 && (
        <section className="card" role="alert" aria-labelledby="row-errors">
          <h2 id="row-errors">{t('ui.communities.import_errors', { count: rowErrors.length })}</h2>
          <TableWrap labelledBy="row-errors">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('ui.communities.line')}</th>
                  <th scope="col">{t('ui.communities.column')}</th>
                  <th scope="col">{t('ui.communities.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {rowErrors.map((error, index) => (
                  <tr key={index}>
                    <td>{error.line}</td>
                    <td>{error.column ?? '—'}</td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      )}
      <form
        className="card"
        onSubmit={(event) => {
          event.preventDefault()
          const problem = checkFile(form.data.file)
          if (problem) return form.setError('file', problem)
          form.post('/staff/communities/import', { forceFormData: true })
        }}
      >
        <TextInput
          id="import-file"
          label={t('ui.communities.csv_file')}
          type="file"
          accept=".csv,text/csv,text/plain"
          required
          error={form.errors.file}
          onChange={onFileChosen(form, checkFile)}
        />
        <LoadingButton loading={form.processing} disabled={!form.data.file || form.processing}>
          {t('ui.communities.import_submit')}
        </LoadingButton>
      </form>
    </>
  )
}
