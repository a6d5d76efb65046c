import type { ChangeEvent } from 'react'
import TextArea from '~/components/form/text_area'
import TextInput from '~/components/form/text_input'

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
 * A CSV pasted into a textarea or loaded into it from a chosen file (ids `NAME-file`, `NAME-csv`),
 * with the error of the whole text and the list of the lines' errors.
 */
export default function CsvField({
  name,
  fileLabel,
  label,
  value,
  error,
  lineErrors,
  lineErrorsLabel,
  onChange,
}: {
  name: string
  fileLabel: string
  label: string
  value: string
  error?: string
  lineErrors: string[]
  lineErrorsLabel: string
  onChange: (csv: string) => void
}) {
  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    if (file) void file.text().then(onChange)
  }
  return (
    <>
      <TextInput
        id={`${name}-file`}
        label={fileLabel}
        type="file"
        accept=".csv,text/csv,text/plain"
        onChange={readFile}
      />
      <TextArea
        id={`${name}-csv`}
        label={label}
        rows={10}
        value={value}
        error={error}
        onChange={(event) => onChange(event.target.value)}
      />
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
