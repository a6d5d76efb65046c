import { useId, type FormEvent } from 'react'
import { useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'

/** A one-field form (a reason, optionally a target idea) sent to a staff action. */
export default function ReasonForm({
  action,
  label,
  submitLabel,
  withTarget = false,
  method = 'post',
}: {
  action: string
  method?: 'post' | 'delete'
  label: string
  submitLabel: string
  withTarget?: boolean
}) {
  const t = useT()
  const id = useId()
  const form = useForm({ reason: '', intoId: '' })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    form.transform(
      (data) =>
        (withTarget
          ? { reason: data.reason, intoId: Number(data.intoId) }
          : { reason: data.reason }) as unknown as typeof data
    )
    form.submit(method, action, { preserveScroll: true, onSuccess: () => form.reset() })
  }
  const errors = form.errors as Record<string, string | undefined>
  return (
    <form onSubmit={submit} className="inline-form">
      {withTarget && (
        <div className="field">
          <label htmlFor={`${id}-into`}>{t('ui.proposals.staff.merge_into')}</label>
          <input
            id={`${id}-into`}
            inputMode="numeric"
            value={form.data.intoId}
            onChange={(event) => form.setData('intoId', event.target.value)}
            aria-invalid={errors.intoId ? true : undefined}
          />
          {errors.intoId && (
            <p className="field-error" role="alert">
              {errors.intoId}
            </p>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-reason`}>{label}</label>
        <input
          id={`${id}-reason`}
          value={form.data.reason}
          onChange={(event) => form.setData('reason', event.target.value)}
          aria-invalid={errors.reason ? true : undefined}
          maxLength={2000}
        />
        {errors.reason && (
          <p className="field-error" role="alert">
            {errors.reason}
          </p>
        )}
      </div>
      <LoadingButton loading={form.processing}>{submitLabel}</LoadingButton>
    </form>
  )
}
