import { useId, useState, type FormEvent } from 'react'
import { useForm } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import TextArea from '~/components/form/text_area'
import LoadingButton from '~/components/form/loading_button'

/** The longest comment the server takes (`COMMENT_BODY_MAX`). */
const BODY_MAX = 2000

/**
 * A new comment, or a reply (`parentId`). The text stays on a refusal (a field error, the hourly
 * limit's message) and is cleared once published.
 */
export default function CommentForm({
  ideaId,
  parentId,
  onDone,
}: {
  ideaId: number
  parentId?: number
  onDone?: () => void
}) {
  const t = useT()
  const id = useId()
  const form = useForm<{ body: string; parentId?: number }>({ body: '', parentId })
  // A refusal not about a field (the hourly limit, a closed idea) comes back as a flash message.
  const [refusal, setRefusal] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    form.post(`/ideas/${ideaId}/comments`, {
      preserveScroll: true,
      preserveState: true,
      onSuccess: (page) => {
        const error = (page.props as unknown as SharedProps).flash.error
        setRefusal(error)
        if (error) return
        form.reset('body')
        onDone?.()
      },
    })
  }
  const errors = form.errors as Record<string, string | undefined>
  return (
    <form onSubmit={submit} className="comment-form" noValidate>
      <TextArea
        id={`${id}-body`}
        label={parentId ? t('ui.discussion.reply_label') : t('ui.discussion.body_label')}
        hint={t('ui.discussion.length_hint', { max: BODY_MAX, count: form.data.body.length })}
        value={form.data.body}
        onChange={(event) => form.setData('body', event.target.value)}
        error={errors.body ?? errors.parentId}
        rows={parentId ? 3 : 4}
      />
      <div className="actions">
        <LoadingButton loading={form.processing}>
          {parentId ? t('ui.discussion.reply_submit') : t('ui.discussion.submit')}
        </LoadingButton>
        {onDone && (
          <button type="button" className="button secondary" onClick={onDone}>
            {t('ui.discussion.cancel')}
          </button>
        )}
      </div>
      {refusal && (
        <p className="field-error" role="alert">
          {refusal}
        </p>
      )}
    </form>
  )
}
