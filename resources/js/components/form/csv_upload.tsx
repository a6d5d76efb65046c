import { useEffect, useRef, useState } from 'react'
import { usePage } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import type { SharedProps } from '~/lib/shared_props'
import { previewCsv, type CsvPreview } from '~/lib/csv_preview'
import TextInput from '~/components/form/text_input'

const FIRST_LINES = 5

/**
 * A CSV chosen as a file and sent as an upload (the server reads it as a stream), never loaded
 * into a textarea: below the input, the file's first lines and line count, read in the browser
 * chunk by chunk with a progress bar; then the upload's own progress (`uploaded`, 0–100).
 */
export default function CsvUpload({
  name,
  label,
  file,
  error,
  uploaded,
  lineErrors,
  lineErrorsLabel,
  onFile,
}: {
  name: string
  label: string
  file: File | null
  error?: string
  uploaded: number | null
  lineErrors: string[]
  lineErrorsLabel: string
  onFile: (file: File | null) => void
}) {
  const t = useT()
  const { locale } = usePage<SharedProps>().props
  // Each for the file it was read from: a newer choice, or the form's reset, hides it.
  const [preview, setPreview] = useState<{ of: File; result: CsvPreview } | null>(null)
  const [reading, setReading] = useState<{ of: File; share: number } | null>(null)
  const current = useRef<File | null>(null)
  useEffect(
    () => () => {
      current.current = null
    },
    []
  )

  function choose(chosen: File | null) {
    onFile(chosen)
    current.current = chosen
    if (!chosen) return
    const stale = () => current.current !== chosen
    setReading({ of: chosen, share: 0 })
    previewCsv(chosen, FIRST_LINES, (share) => setReading({ of: chosen, share }), stale)
      .then((result) => {
        if (result && !stale()) setPreview({ of: chosen, result })
      })
      .catch(() => {})
      .finally(() => setReading((state) => (state?.of === chosen ? null : state)))
  }
  const shownPreview = preview && preview.of === file ? preview.result : null
  const readShare = reading && reading.of === file ? reading.share : null

  return (
    <>
      <TextInput
        id={`${name}-file`}
        label={label}
        type="file"
        accept=".csv,text/csv,text/plain"
        error={error}
        onChange={(event) => choose(event.target.files?.[0] ?? null)}
      />
      <div aria-live="polite" className="csv-preview">
        {readShare !== null && (
          <p>
            <label htmlFor={`${name}-reading`}>
              {t('ui.uploads.csv.reading', { percent: Math.round(readShare * 100) })}
            </label>{' '}
            <progress id={`${name}-reading`} max={100} value={Math.round(readShare * 100)} />
          </p>
        )}
        {shownPreview && (
          <>
            <p>{t('ui.uploads.csv.lines', { count: shownPreview.lines.toLocaleString(locale) })}</p>
            <p className="hint">{t('ui.uploads.csv.first_lines')}</p>
            <pre tabIndex={0}>{shownPreview.firstLines.join('\n')}</pre>
          </>
        )}
        {uploaded !== null && (
          <p>
            <label htmlFor={`${name}-uploading`}>
              {t('ui.uploads.csv.uploading', { percent: uploaded })}
            </label>{' '}
            <progress id={`${name}-uploading`} max={100} value={uploaded} />
          </p>
        )}
      </div>
      {lineErrors.length > 0 && (
        <ul className="field-error" aria-label={lineErrorsLabel}>
          {lineErrors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </>
  )
}
