import { useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import SelectInput from '~/components/form/select_input'
import LoadingButton from '~/components/form/loading_button'

export interface CommunityFormData {
  code: string
  name: string
  kind: string
  parentId: number | null
  population: number | string
}

/** Create/edit form of a community; moving it = choosing another parent. */
export default function CommunityForm({
  initial,
  kinds,
  parents,
  canCreateRoot,
  submit,
}: {
  initial: CommunityFormData
  kinds: readonly string[]
  parents: { id: number; label: string }[]
  canCreateRoot: boolean
  submit: { method: 'post' | 'put'; url: string; label: string }
}) {
  const t = useT()
  const form = useForm<CommunityFormData>(initial)
  const parentOptions = [
    ...(canCreateRoot || initial.parentId === null
      ? [{ value: '', label: t('ui.communities.no_parent') }]
      : []),
    ...parents.map((parent) => ({ value: parent.id, label: parent.label })),
  ]
  return (
    <form
      className="card"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        form.transform((data) => ({
          ...data,
          population: data.population === '' ? 0 : Number(data.population),
        }))
        form[submit.method](submit.url)
      }}
    >
      <TextInput
        label={t('ui.communities.fields.code')}
        hint={t('ui.communities.code_hint')}
        required
        value={form.data.code}
        error={form.errors.code}
        onChange={(event) => form.setData('code', event.target.value)}
      />
      <TextInput
        label={t('ui.communities.fields.name')}
        required
        value={form.data.name}
        error={form.errors.name}
        onChange={(event) => form.setData('name', event.target.value)}
      />
      <SelectInput
        label={t('ui.communities.fields.kind')}
        value={form.data.kind}
        error={form.errors.kind}
        options={kinds.map((kind) => ({ value: kind, label: t(`ui.communities.kinds.${kind}`) }))}
        onChange={(event) => form.setData('kind', event.target.value)}
      />
      <SelectInput
        label={t('ui.communities.fields.parent')}
        value={form.data.parentId === null ? '' : String(form.data.parentId)}
        error={form.errors.parentId}
        options={parentOptions}
        onChange={(event) =>
          form.setData('parentId', event.target.value ? Number(event.target.value) : null)
        }
      />
      <TextInput
        label={t('ui.communities.fields.population')}
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        required
        value={form.data.population}
        error={form.errors.population}
        onChange={(event) => form.setData('population', event.target.value)}
      />
      <LoadingButton loading={form.processing}>{submit.label}</LoadingButton>
    </form>
  )
}
