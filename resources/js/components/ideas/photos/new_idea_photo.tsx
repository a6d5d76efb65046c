import { useT } from '~/lib/i18n'
import { MB, type FileLimits } from '~/components/form/file_check'

/** app/proposals/validators/idea_validators.ts: ATTACHMENT_SIZE_MAX, PHOTO_EXTNAMES */
export const PHOTO_LIMITS: FileLimits = {
  maxBytes: 10 * MB,
  extensions: ['jpg', 'jpeg', 'png', 'webp'],
}

interface Props {
  /** The chosen photo (null: none), and the message of its problem (null: none). */
  onChoose: (file: File | null, problem: string | null) => void
  check: (file: File | null) => string | null
  error?: string
}

/** The photo that goes with a new idea (more photos and documents are added on the edit page). */
export default function NewIdeaPhoto({ onChoose, check, error }: Props) {
  const t = useT()
  return (
    <div className="field">
      <label htmlFor="idea-photo">{t('ui.idea_media.photo_field')}</label>
      <p id="idea-photo-hint" className="hint">
        {t('ui.idea_media.photo_hint')}
      </p>
      <input
        id="idea-photo"
        type="file"
        accept=".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"
        aria-describedby={error ? 'idea-photo-hint idea-photo-error' : 'idea-photo-hint'}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          const file = event.target.files?.[0] ?? null
          onChoose(file, check(file))
        }}
      />
      {error && (
        <p id="idea-photo-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
