import { useId, type FormEvent } from 'react'
import { useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'

/** A resident asks moderators to look at a comment, saying why. */
export default function ReportForm({
  commentId,
  onDone,
}: {
  commentId: number
  onDone: () => void
}) {
  const t = useT()
  const id = useId()
  const form = useForm({ reason: '' })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    form.post(`/comments/${commentId}/report`, {
      preserveScroll: true,
      preserveState: true,
      onSuccess: () => onDone(),
    })
  }
  return (
    <form onSubmit={submit} className="report-form" noValidate>
      <TextInput
        id={`${id}-reason`}
        label={t('ui.discussion.report_reason')}
        value={form.data.reason}
        onChange={(event) => form.setData('reason', event.target.value)}
        error={form.errors.reason}
      />
      <div className="actions">
        <LoadingButton loading={form.processing}>{t('ui.discussion.report_submit')}</LoadingButton>
        <button type="button" className="button secondary" onClick={onDone}>
          {t('ui.discussion.cancel')}
        </button>
      </div>
    </form>
  )
}
