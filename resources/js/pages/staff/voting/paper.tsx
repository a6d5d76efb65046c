import type { FormEvent } from 'react'
import { Head, Link, useForm, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import SelectInput from '~/components/form/select_input'
import TextInput from '~/components/form/text_input'
import CsvField, { lineErrorsOf } from '~/components/form/csv_field'
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

interface Input {
  station: string
  batchNo: number
  voterKind: 'none' | 'phone' | 'id_hash'
  csv: string
  voters?: string
}

interface Props {
  campaign: { id: number; title: string; stage: string }
  batches: Batch[]
  canImport: boolean
  myPublicKey: string | null
  preview?: {
    sheets: number
    voters: number
    firstSheets: { sheetNo: number; choices: { projectId: number; weight: number }[] }[]
  }
  input?: Input
}

const EXAMPLE = 'sheet;projects\n1;11 13\n2;12'
const VOTERS_EXAMPLE = 'phone\n+79161234568\n+79161234567'

/**
 * Paper ballots of one polling station: check the file (every line against the ballot rules,
 * nothing saved), then import and sign. Below: the batches already imported and their ledger status.
 */
export default function PaperBallots({
  campaign,
  batches,
  canImport,
  myPublicKey,
  preview,
  input,
}: Props) {
  const t = useT()
  const { errors = {} } = usePage<SharedProps>().props
  const form = useForm({
    station: input?.station ?? '',
    batchNo: input ? String(input.batchNo) : '',
    voterKind: input?.voterKind ?? 'none',
    csv: input?.csv ?? '',
    voters: input?.voters ?? '',
  })
  const send = (path: string) => (event: FormEvent) => {
    event.preventDefault()
    form.transform((data) => ({
      ...data,
      batchNo: Number(data.batchNo),
      voters: data.voterKind === 'none' ? undefined : data.voters,
    }))
    form.post(path, { preserveScroll: true })
  }
  const base = `/staff/campaigns/${campaign.id}/paper`
  const unchanged =
    preview !== undefined &&
    input !== undefined &&
    form.data.station === input.station &&
    form.data.batchNo === String(input.batchNo) &&
    form.data.voterKind === input.voterKind &&
    form.data.csv === input.csv &&
    form.data.voters === (input.voters ?? '')
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
          <form onSubmit={send(`${base}/preview`)} className="card" noValidate>
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
            <CsvField
              name="paper"
              fileLabel={t('ui.voting.paper.file')}
              label={t('ui.voting.paper.csv')}
              value={form.data.csv}
              error={form.errors.csv}
              lineErrors={lineErrorsOf(errors)}
              lineErrorsLabel={t('ui.voting.paper.line_errors')}
              onChange={(csv) => form.setData('csv', csv)}
            />
            <SelectInput
              label={t('ui.voting.paper.voter_kind')}
              value={form.data.voterKind}
              error={form.errors.voterKind}
              onChange={(event) =>
                form.setData('voterKind', event.target.value as Input['voterKind'])
              }
              options={[
                { value: 'none', label: t('ui.voting.paper.voter_none') },
                { value: 'phone', label: t('ui.voting.paper.voter_phone') },
                { value: 'id_hash', label: t('ui.voting.paper.voter_id_hash') },
              ]}
            />
            {form.data.voterKind !== 'none' && (
              <CsvField
                name="paper-voters"
                fileLabel={t('ui.voting.paper.voters_file')}
                label={t('ui.voting.paper.voters')}
                value={form.data.voters}
                error={form.errors.voters}
                lineErrors={lineErrorsOf(errors, 'voterLines.')}
                lineErrorsLabel={t('ui.voting.paper.voter_errors')}
                onChange={(voters) => form.setData('voters', voters)}
              />
            )}
            <LoadingButton loading={form.processing}>{t('ui.voting.paper.check')}</LoadingButton>
          </form>
          {preview && unchanged && (
            <section className="card" aria-labelledby="paper-preview">
              <h2 id="paper-preview">{t('ui.voting.paper.preview_title')}</h2>
              <p>{t('ui.voting.paper.preview_sheets', { count: preview.sheets })}</p>
              <p>{t('ui.voting.paper.preview_voters', { count: preview.voters })}</p>
              <h3 id="paper-preview-first">{t('ui.voting.paper.preview_first')}</h3>
              <TableWrap labelledBy="paper-preview-first">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('ui.voting.paper.sheet')}</th>
                      <th scope="col">{t('ui.voting.paper.choices')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.firstSheets.map((sheet) => (
                      <tr key={sheet.sheetNo}>
                        <td>{sheet.sheetNo}</td>
                        <td>
                          {sheet.choices
                            .map((c) =>
                              c.weight === 1 ? `${c.projectId}` : `${c.projectId}:${c.weight}`
                            )
                            .join(' ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <form onSubmit={send(base)}>
                <LoadingButton loading={form.processing}>
                  {t('ui.voting.paper.confirm')}
                </LoadingButton>
              </form>
            </section>
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
