import SelectInput from '~/components/form/select_input'
import { useT } from '~/lib/i18n'

/** The community scope of a grant: everywhere (unscoped admins only) or one community subtree. */
export default function ScopeSelect({
  value,
  onChange,
  communities,
  canGrantEverywhere,
  error,
}: {
  value: number | null
  onChange: (value: number | null) => void
  communities: { id: number; label: string }[]
  canGrantEverywhere: boolean
  error?: string
}) {
  const t = useT()
  const options = [
    ...(canGrantEverywhere ? [{ value: '', label: t('ui.staff.scope.everywhere') }] : []),
    ...communities.map((community) => ({ value: community.id, label: community.label })),
  ]
  return (
    <SelectInput
      label={t('ui.staff.fields.scope')}
      value={value === null ? '' : String(value)}
      options={options}
      error={error}
      onChange={(event) => onChange(event.target.value ? Number(event.target.value) : null)}
    />
  )
}
