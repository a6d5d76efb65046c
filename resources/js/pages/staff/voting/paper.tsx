import { useState, type FormEvent } from 'react'
import { Head, Link, useForm, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import SelectInput from '~/components/form/select_input'
import TextInput from '~/components/form/text_input'
import { MB } from '~/components/form/file_check'
import CsvUpload, { lineErrorsOf } from '~/components/form/csv_upload'
import TableWrap from '~/components/table_wrap'

interface Batch {
  id: number
  station: string
  batchNo: number
  sheets: number
  txHash: string
  operator: string | null
  operatorPublicKey: string
  createdAt: string
  status: string
  lastError: string | null
}

type VoterKind = 'none' | 'phone' | 'id_hash'

interface Preview {
  station: string
  batchNo: number
  sheets: number
  voters: number
  firstSheets: {
    line: number
    sheetNo: number
    choices: { projectId: number; weight: number }[]
  }[]
  totals: { projectId: number; title: string; votes: number; points: number }[]
}

interface Props {
  campaign: { id: number; title: string; stage: string; encrypted: boolean }
  batches: Batch[]
  canImport: boolean
  myPublicKey: string | null
  preview?: Preview
}

/** app/voting/validators/paper_validators.ts (PAPER_CSV_BYTES_MAX, PAPER_FILE_EXTENSIONS). */
const PAPER_FILE = { maxBytes: 1 * MB, extensions: ['csv', 'txt'] }
/** app/voting/paper/paper_csv.ts PAPER_LINES_MAX, and a header line. */
const PAPER_LINES_MAX = 2_000 + 1

const EXAMPLE = 'sheet;projects\n1;11 13\n2;12'
const VOTERS_EXAMPLE = 'phone\n+79161234568\n+79161234567'

interface PaperForm {
  station: string
  batchNo: string
  voterKind: VoterKind
  file: File | null
  votersFile: File | null
}

const sameForm = (a: PaperForm, b: PaperForm) =>
  a.station === b.station &&
  a.batchNo === b.batchNo &&
  a.voterKind === b.voterKind &&
  a.file === b.file &&
  (a.voterKind === 'none' || a.votersFile === b.votersFile)

/**
 * Paper ballots of one polling station: choose the station's files (checked in the browser, then
 * uploaded and checked line by line by the server, nothing saved), look at the preview (first
 * sheets, totals per project), then import and sign the same files. Below: the batches already
 * imported and their ledger status.
 */
export default function PaperBallots({
  campaign,
  batches,
  canImport,
  myPublicKey,
  preview,
}: Props) {
  const t = useT()
  const { errors = {} } = usePage<SharedProps>().props
  const form = useForm<PaperForm>({
    station: '',
    batchNo: '',
    voterKind: 'none',
    file: null,
    votersFile: null,
  })
  // false while a chosen file must not be sent (wrong type, too large, too many lines)
  const [filesOk, setFilesOk] = useState({ file: true, votersFile: true })
  // what the preview on screen was made from: confirming sends exactly that
  const [previewed, setPreviewed] = useState<PaperForm | null>(null)
  // a new key empties the file inputs once the batch is imported
  const [formKey, setFormKey] = useState(0)
  const base = `/staff/campaigns/${campaign.id}/paper`
  const send = (path: string, after: () => void) => (event: FormEvent) => {
    event.preventDefault()
    if (!filesOk.file || (form.data.voterKind !== 'none' && !filesOk.votersFile)) return
    form.transform(({ batchNo, file, votersFile, ...data }) => ({
      ...data,
      batchNo: Number(batchNo),
      ...(file ? { file } : {}),
      ...(votersFile && data.voterKind !== 'none' ? { votersFile } : {}),
    }))
    // multipart: the files are streamed to the server, which reads them line by line
    form.post(path, {
      forceFormData: true,
      preserveScroll: true,
      preserveState: true,
      onSuccess: after,
    })
  }
  const chosen = (field: 'file' | 'votersFile') => (file: File | null, ok: boolean) => {
    form.setData(field, file)
    setFilesOk((state) => ({ ...state, [field]: ok }))
  }
  const snapshot = form.data
  const current = preview !== undefined && previewed !== null && sameForm(previewed, form.data)
  return (
    <>
      <Head title={t('ui.voting.paper.title')} />
      <p>
        <Link href={`/staff/campaigns/${campaign.id}`}>{campaign.title}</Link>
      </p>
      <h1>{t('ui.voting.paper.title')}</h1>
      {canImport ? (
        <>
          <p className="hint">{t('ui.voting.paper.help')}</p>
          <p className="hint">{t('ui.voting.paper.format')}</p>
          <p className="hint">{t('ui.voting.paper.privacy')}</p>
          {campaign.encrypted && (
            <p className="hint" role="note">
              {t('ui.voting.paper.clear_in_encrypted')}
            </p>
          )}
          <details>
            <summary>{t('ui.voting.paper.example')}</summary>
            <pre>{EXAMPLE}</pre>
            <pre>{VOTERS_EXAMPLE}</pre>
          </details>
          <p className="hint">
            {myPublicKey ? (
              <>
                {t('ui.voting.paper.your_key')}: <code className="break">{myPublicKey}</code>
              </>
            ) : (
              t('ui.voting.paper.no_key')
            )}
          </p>
          <form
            key={formKey}
            onSubmit={send(`${base}/preview`, () => setPreviewed(snapshot))}
            className="card"
            noValidate
          >
            <TextInput
              label={t('ui.voting.paper.station')}
              value={form.data.station}
              error={form.errors.station}
              maxLength={128}
              onChange={(event) => form.setData('station', event.target.value)}
            />
            <TextInput
              label={t('ui.voting.paper.batch_no')}
              inputMode="numeric"
              value={form.data.batchNo}
              error={form.errors.batchNo}
              onChange={(event) => form.setData('batchNo', event.target.value)}
            />
            <CsvUpload
              name="paper"
              label={t('ui.voting.paper.file')}
              file={form.data.file}
              error={form.errors.file ?? (errors.csv as string | undefined)}
              limits={PAPER_FILE}
              linesMax={PAPER_LINES_MAX}
              uploaded={form.progress?.percentage ?? null}
              lineErrors={lineErrorsOf(errors)}
              lineErrorsLabel={t('ui.voting.paper.line_errors')}
              onFile={chosen('file')}
            />
            <SelectInput
              label={t('ui.voting.paper.voter_kind')}
              value={form.data.voterKind}
              error={form.errors.voterKind}
              onChange={(event) => {
                const voterKind = event.target.value as VoterKind
                // the voter file input goes away with "none": so does its file
                if (voterKind === 'none') {
                  form.setData((data) => ({ ...data, voterKind, votersFile: null }))
                  setFilesOk((state) => ({ ...state, votersFile: true }))
                } else form.setData('voterKind', voterKind)
              }}
              options={[
                { value: 'none', label: t('ui.voting.paper.voter_none') },
                { value: 'phone', label: t('ui.voting.paper.voter_phone') },
                { value: 'id_hash', label: t('ui.voting.paper.voter_id_hash') },
              ]}
            />
            {form.data.voterKind !== 'none' && (
              <CsvUpload
                name="paper-voters"
                label={t('ui.voting.paper.voters_file')}
                file={form.data.votersFile}
                error={form.errors.votersFile ?? (errors.voters as string | undefined)}
                limits={PAPER_FILE}
                linesMax={PAPER_LINES_MAX}
                uploaded={null}
                lineErrors={lineErrorsOf(errors, 'voterLines.')}
                lineErrorsLabel={t('ui.voting.paper.voter_errors')}
                onFile={chosen('votersFile')}
              />
            )}
            <LoadingButton loading={form.processing}>{t('ui.voting.paper.check')}</LoadingButton>
          </form>
          {preview && !current && previewed !== null && (
            <p className="hint" role="status">
              {t('ui.voting.paper.changed')}
            </p>
          )}
          {preview && current && (
            <PreviewCard
              preview={preview}
              processing={form.processing}
              onConfirm={send(base, () => {
                form.reset()
                setPreviewed(null)
                setFilesOk({ file: true, votersFile: true })
                setFormKey((key) => key + 1)
              })}
            />
          )}
        </>
      ) : (
        <p className="muted">{t('ui.voting.paper.read_only')}</p>
      )}
      <h2 id="paper-batches">{t('ui.voting.paper.batches')}</h2>
      {batches.length === 0 ? (
        <p className="muted">{t('ui.voting.paper.none')}</p>
      ) : (
        <TableWrap labelledBy="paper-batches">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('ui.voting.paper.station')}</th>
                <th scope="col">{t('ui.voting.paper.batch_no')}</th>
                <th scope="col">{t('ui.voting.paper.sheets')}</th>
                <th scope="col">{t('ui.voting.paper.operator')}</th>
                <th scope="col">{t('ui.voting.paper.status')}</th>
                <th scope="col">{t('ui.voting.paper.tx')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td>{b.station}</td>
                  <td>{b.batchNo}</td>
                  <td>{b.sheets}</td>
                  <td>
                    {b.operator ?? '—'}
                    <br />
                    <code className="break" title={b.operatorPublicKey}>
                      {b.operatorPublicKey.slice(0, 16)}…
                    </code>
                  </td>
                  <td title={b.lastError ?? undefined}>
                    {t(`ui.voting.paper.statuses.${b.status}`)}
                  </td>
                  <td>
                    <code className="break">{b.txHash}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  )
}

/** What the server read from the files: counts, the first sheets, totals per project; then confirm. */
function PreviewCard({
  preview,
  processing,
  onConfirm,
}: {
  preview: Preview
  processing: boolean
  onConfirm: (event: FormEvent) => void
}) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="paper-preview">
      <h2 id="paper-preview">{t('ui.voting.paper.preview_title')}</h2>
      <p>
        {t('ui.voting.paper.preview_batch', { station: preview.station, batchNo: preview.batchNo })}
      </p>
      <p>{t('ui.voting.paper.preview_sheets', { count: preview.sheets })}</p>
      <p>{t('ui.voting.paper.preview_voters', { count: preview.voters })}</p>
      <h3 id="paper-preview-totals">{t('ui.voting.paper.preview_totals')}</h3>
      <TableWrap labelledBy="paper-preview-totals">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('ui.voting.paper.project')}</th>
              <th scope="col">{t('ui.voting.paper.votes')}</th>
              <th scope="col">{t('ui.voting.paper.points')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.totals.map((total) => (
              <tr key={total.projectId}>
                <td>
                  {total.projectId} · {total.title}
                </td>
                <td>{total.votes}</td>
                <td>{total.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h3 id="paper-preview-first">{t('ui.voting.paper.preview_first')}</h3>
      <TableWrap labelledBy="paper-preview-first">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('ui.voting.paper.line')}</th>
              <th scope="col">{t('ui.voting.paper.sheet')}</th>
              <th scope="col">{t('ui.voting.paper.choices')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.firstSheets.map((sheet) => (
              <tr key={sheet.sheetNo}>
                <td>{sheet.line}</td>
                <td>{sheet.sheetNo}</td>
                <td>
                  {sheet.choices
                    .map((c) => (c.weight === 1 ? `${c.projectId}` : `${c.projectId}:${c.weight}`))
                    .join(' ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <form onSubmit={onConfirm}>
        <LoadingButton loading={processing}>{t('ui.voting.paper.confirm')}</LoadingButton>
      </form>
    </section>
  )
}
