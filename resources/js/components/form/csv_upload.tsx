import { useEffect, useRef, useState } from 'react'
import { usePage } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import type { SharedProps } from '~/lib/shared_props'
import { previewCsv, type CsvPreview } from '~/lib/csv_preview'
import TextInput from '~/components/form/text_input'
import { fileProblem, useFileCheck, type FileLimits } from '~/components/form/file_check'

const FIRST_LINES = 5

/** The messages of a CSV's lines (validation fields `lines.N…`), in the order the server sent. */
export function lineErrorsOf(
  errors: Record<string, string | string[] | undefined>,
  prefix = 'lines.'
): string[] {
  return Object.entries(errors)
    .filter(([field]) => field.startsWith(prefix))
    .map(([, message]) => (Array.isArray(message) ? message[0] : (message ?? '')))
}

/**
 * A CSV chosen as a file and sent as an upload (the server reads it as a stream), never loaded
 * into a textarea. Its type and size are checked at once against the route's `limits`, then (of
 * the right type) the browser reads it chunk by chunk with a progress bar: its first lines and
 * line count (over `linesMax` lines, header included, it is refused too). `onFile(file, ok)`: `ok` false while the file
 * must not be sent (its message is shown on the input). Then the upload's progress (`uploaded`).
 */
export default function CsvUpload({
  name,
  label,
  file,
  error,
  limits,
  linesMax,
  uploaded,
  lineErrors,
  lineErrorsLabel,
  onFile,
}: {
  name: string
  label: string
  file: File | null
  error?: string
  limits: FileLimits
  linesMax?: number
  uploaded: number | null
  lineErrors: string[]
  lineErrorsLabel: string
  onFile: (file: File | null, ok: boolean) => void
}) {
  const t = useT()
  const { locale } = usePage<SharedProps>().props
  const checkFile = useFileCheck(limits)
  // Each for the file it was read from: a newer choice, or the form's reset, hides it.
  const [preview, setPreview] = useState<{ of: File; result: CsvPreview } | null>(null)
  const [reading, setReading] = useState<{ of: File; share: number } | null>(null)
  const [problem, setProblem] = useState<{ of: File; message: string } | null>(null)
  const current = useRef<File | null>(null)
  useEffect(
    () => () => {
      current.current = null
    },
    []
  )

  function choose(chosen: File | null) {
    current.current = chosen
    const message = checkFile(chosen)
    setProblem(chosen && message ? { of: chosen, message } : null)
    onFile(chosen, message === null)
    // a file too large is still read (its size message stays): the count tells what to split
    if (!chosen || fileProblem(chosen, limits) === 'wrong_type') return
    const stale = () => current.current !== chosen
    setReading({ of: chosen, share: 0 })
    previewCsv(chosen, FIRST_LINES, (share) => setReading({ of: chosen, share }), stale)
      .then((result) => {
        if (!result || stale()) return
        setPreview({ of: chosen, result })
        if (message === null && linesMax !== undefined && result.lines > linesMax) {
          const tooLong = t('ui.uploads.csv.too_many_lines', {
            name: chosen.name,
            count: result.lines.toLocaleString(locale),
            max: linesMax.toLocaleString(locale),
          })
          setProblem({ of: chosen, message: tooLong })
          onFile(chosen, false)
        }
      })
      .catch(() => {})
      .finally(() => setReading((state) => (state?.of === chosen ? null : state)))
  }
  const shownPreview = preview && preview.of === file ? preview.result : null
  const readShare = reading && reading.of === file ? reading.share : null
  const shownProblem = problem && problem.of === file ? problem.message : null

  return (
    <>
      <TextInput
        id={`${name}-file`}
        label={label}
        type="file"
        accept={limits.extensions.map((extension) => `.${extension}`).join(',')}
        error={shownProblem ?? error}
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
