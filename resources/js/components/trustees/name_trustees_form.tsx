import type { FormEvent } from 'react'
import { useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import TextInput from '~/components/form/text_input'

const majority = (n: number) => Math.floor(n / 2) + 1

interface Props {
  action: string
  /** Prefilled names and threshold (restarting a ceremony proposes the current trustees). */
  names?: string[]
  threshold?: number
  submitLabel?: string
}

/**
 * The trustees' names (their order is their index), the threshold t (a majority proposed) and an
 * optional deadline: naming the trustees, and starting a ceremony again.
 */
export default function NameTrusteesForm({ action, names, threshold, submitLabel }: Props) {
  const t = useT()
  const form = useForm({
    names: names ?? ['', '', ''],
    threshold: threshold ?? 2,
    deadlineAt: '',
  })
  const n = form.data.names.length
  const setCount = (count: number) => {
    const resized = Array.from({ length: count }, (_, i) => form.data.names[i] ?? '')
    form.setData({ ...form.data, names: resized, threshold: majority(count) })
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    form.transform((data) => ({ ...data, deadlineAt: data.deadlineAt || null }))
    form.post(action, { preserveScroll: true })
  }
  const errors = form.errors as Record<string, string | undefined>
  return (
    <form onSubmit={submit} className="card" noValidate>
      <TextInput
        type="number"
        min={1}
        max={64}
        label={t('ui.trustees.staff.count')}
        value={n}
        onChange={(event) => setCount(Math.min(64, Math.max(1, Number(event.target.value) || 1)))}
      />
      {form.data.names.map((name, i) => (
        <TextInput
          key={i}
          label={t('ui.trustees.staff.name', { index: i + 1 })}
          value={name}
          maxLength={120}
          required
          error={errors[`names.${i}`]}
          onChange={(event) =>
            form.setData(
              'names',
              form.data.names.map((old, j) => (j === i ? event.target.value : old))
            )
          }
        />
      ))}
      <TextInput
        type="number"
        min={1}
        max={n}
        label={t('ui.trustees.staff.threshold')}
        hint={t('ui.trustees.staff.threshold_hint', { trustees: n })}
        value={form.data.threshold}
        error={errors.threshold}
        onChange={(event) => form.setData('threshold', Number(event.target.value))}
      />
      <TextInput
        type="datetime-local"
        label={t('ui.trustees.staff.deadline')}
        hint={t('ui.trustees.staff.deadline_hint')}
        value={form.data.deadlineAt}
        error={errors.deadlineAt}
        onChange={(event) => form.setData('deadlineAt', event.target.value)}
      />
      <p className="hint">{t('ui.trustees.staff.fixed_hint')}</p>
      <LoadingButton loading={form.processing}>
        {submitLabel ?? t('ui.trustees.staff.save')}
      </LoadingButton>
    </form>
  )
}
