import { useId, type TextareaHTMLAttributes } from 'react'

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string
  error?: string
  hint?: string
}

/** A labelled textarea with its error announced to screen readers, as TextInput for inputs. */
export default function TextArea({ label, error, hint, id, className, ...textarea }: Props) {
  const autoId = useId()
  const areaId = id ?? autoId
  const describedBy = [hint ? `${areaId}-hint` : null, error ? `${areaId}-error` : null]
    .filter(Boolean)
    .join(' ')
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={areaId}>{label}</label>
      {hint && (
        <p id={`${areaId}-hint`} className="hint">
          {hint}
        </p>
      )}
      <textarea
        id={areaId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...textarea}
      />
      {error && (
        <p id={`${areaId}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
