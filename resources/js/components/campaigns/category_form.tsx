import type { FormEvent } from 'react'
import { router, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import TranslationsFields from '~/components/campaigns/translations_fields'
import type { Translations } from '~/components/campaigns/types'

/** Add (no `category`) or rename a category. */
export default function CategoryForm({
  campaignId,
  category,
  disabled,
}: {
  campaignId: number
  category?: { id: number; names: Translations }
  disabled: boolean
}) {
  const t = useT()
  const form = useForm<{ name: Translations }>({
    name: { en: '', ru: '', uk: '', ...category?.names },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const options = {
      preserveScroll: true,
      onSuccess: () => (category ? undefined : form.reset()),
    }
    if (category) form.put(`/staff/campaigns/${campaignId}/categories/${category.id}`, options)
    else form.post(`/staff/campaigns/${campaignId}/categories`, options)
  }
  return (
    <form onSubmit={submit} className="card" noValidate>
      <TranslationsFields
        name="name"
        label={t('ui.campaigns.categories.name')}
        value={form.data.name}
        errors={form.errors as Record<string, string | undefined>}
        disabled={disabled}
        onChange={(value) => form.setData('name', value)}
      />
      {!disabled && (
        <div className="actions">
          <LoadingButton loading={form.processing}>
            {category ? t('ui.campaigns.actions.save') : t('ui.campaigns.categories.add')}
          </LoadingButton>
          {category && (
            <button
              type="button"
              className="link-button"
              onClick={() =>
                router.delete(`/staff/campaigns/${campaignId}/categories/${category.id}`, {
                  preserveScroll: true,
                })
              }
            >
              {t('ui.campaigns.actions.remove')}
            </button>
          )}
        </div>
      )}
    </form>
  )
}
