import { useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { MB, useFileCheck } from '~/components/form/file_check'
import TextInput from '~/components/form/text_input'
import LoadingButton from '~/components/form/loading_button'

/** app/branding/validators.ts and app/branding/logo.ts, sent by the controller. */
export interface LogoLimits {
  logoBytes: number
  logoExtensions: string[]
  logoSide: number
}

interface Props {
  logo: { url: string; width: number; height: number } | null
  limits: LogoLimits
}

/** The logo: upload (type and size checked before sending), or remove. */
export default function LogoForm({ logo, limits }: Props) {
  const t = useT()
  const checkFile = useFileCheck({ maxBytes: limits.logoBytes, extensions: limits.logoExtensions })
  const upload = useForm<{ logo: File | null }>({ logo: null })
  const remove = useForm({})
  return (
    <section className="card" aria-labelledby="branding-logo">
      <h2 id="branding-logo">{t('ui.branding.logo')}</h2>
      {logo ? (
        <p className="branding-current-logo">
          <img
            src={logo.url}
            width={logo.width}
            height={logo.height}
            alt={t('ui.branding.logo_current')}
          />
        </p>
      ) : (
        <p className="muted">{t('ui.branding.logo_none')}</p>
      )}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          const problem = checkFile(upload.data.logo)
          if (problem) return upload.setError('logo', problem)
          upload.post('/staff/settings/branding/logo', {
            forceFormData: true,
            preserveScroll: true,
            onSuccess: () => upload.reset(),
          })
        }}
      >
        <TextInput
          id="branding-logo-file"
          label={t('ui.branding.logo_file')}
          hint={t('ui.branding.logo_hint', {
            size: Math.round(limits.logoBytes / MB),
            side: limits.logoSide,
          })}
          type="file"
          accept={[
            ...limits.logoExtensions.map((extension) => `.${extension}`),
            'image/png',
            'image/jpeg',
            'image/webp',
          ].join(',')}
          error={upload.errors.logo}
          onChange={(event) => {
            const file = event.target.files?.[0] ?? null
            upload.setData('logo', file)
            const problem = checkFile(file)
            if (problem) upload.setError('logo', problem)
            else upload.clearErrors('logo')
          }}
        />
        <div className="row-actions">
          <LoadingButton
            loading={upload.processing}
            disabled={!upload.data.logo || upload.processing}
          >
            {t('ui.branding.logo_upload')}
          </LoadingButton>
          {logo && (
            <button
              type="button"
              className="link-button"
              disabled={remove.processing}
              onClick={() =>
                remove.delete('/staff/settings/branding/logo', { preserveScroll: true })
              }
            >
              {t('ui.branding.logo_remove')}
            </button>
          )}
        </div>
      </form>
    </section>
  )
}
