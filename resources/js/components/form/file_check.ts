import type { ChangeEvent } from 'react'
import { useT } from '~/lib/i18n'

/** What a route takes: the server's validator and body limit, checked again before sending. */
export interface FileLimits {
  maxBytes: number
  /** Lower-case file name extensions without the dot. */
  extensions: readonly string[]
}

export const MB = 1024 * 1024

export type FileProblem = 'wrong_type' | 'too_large'

export function fileProblem(file: File, limits: FileLimits): FileProblem | null {
  const dot = file.name.lastIndexOf('.')
  const extension = dot === -1 ? '' : file.name.slice(dot + 1).toLowerCase()
  if (!limits.extensions.includes(extension)) return 'wrong_type'
  if (file.size > limits.maxBytes) return 'too_large'
  return null
}

/**
 * `check(file)`: null when the file may be sent, else a translated message naming the limit —
 * so a 30 MB file is refused in the browser instead of being uploaded to be refused with 413.
 */
export function useFileCheck(limits: FileLimits) {
  const t = useT()
  const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`
  return (file: File | null): string | null => {
    const problem = file ? fileProblem(file, limits) : null
    if (!file || !problem) return null
    return t(`ui.uploads.${problem}`, {
      name: file.name,
      size: megabytes(file.size),
      max: megabytes(limits.maxBytes),
      types: limits.extensions.map((extension) => extension.toUpperCase()).join(', '),
    })
  }
}

/** The part of an Inertia form with a `file` field that a file input sets. */
interface FileField {
  setData(key: 'file', value: File | null): void
  setError(key: 'file', message: string): void
  clearErrors(key: 'file'): void
}

/**
 * A file input's onChange: the chosen file goes into `form.file`, and its problem (`check`, from
 * useFileCheck) is shown at once — or the last one cleared.
 */
export function onFileChosen(form: FileField, check: (file: File | null) => string | null) {
  return (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0] ?? null
    form.setData('file', file)
    const problem = check(file)
    if (problem) form.setError('file', problem)
    else form.clearErrors('file')
  }
}
