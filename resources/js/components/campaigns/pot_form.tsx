import type { FormEvent } from 'react'
import { router, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import SelectInput from '~/components/form/select_input'
import TextInput from '~/components/form/text_input'
import TranslationsFields from '~/components/campaigns/translations_fields'
import { toMajor } from '~/components/campaigns/format'
import { useAmounts } from '~/components/form/use_amounts'
import type { BallotRule, Pot, Translations } from '~/components/campaigns/types'

interface PotData {
  name: Translations
  budget: string
  minProjectCost: string
  maxProjectCost: string
  kind: 'size' | 'district'
  districtId: string
  minSupport: string
  ruleKind: BallotRule['kind']
  minSelections: string
  maxSelections: string
  minSharePercent: string
  points: string
  maxPerProject: string
  maxRanks: string
}

function ruleOf(data: PotData): Record<string, unknown> {
  const n = (value: string) => (value === '' ? undefined : Number(value))
  switch (data.ruleKind) {
    case 'approval':
      return {
        kind: 'approval',
        minSelections: n(data.minSelections),
        maxSelections: n(data.maxSelections),
      }
    case 'knapsack':
      return { kind: 'knapsack', minSharePercent: n(data.minSharePercent) }
    case 'cumulative':
      return { kind: 'cumulative', points: n(data.points), maxPerProject: n(data.maxPerProject) }
    case 'ranked':
      return { kind: 'ranked', maxRanks: n(data.maxRanks) }
  }
}

/** An optional amount: empty in the form is null (no bound). */
function optionalMajor(amount: number | null | undefined, currency: string): string {
  return amount === null || amount === undefined ? '' : toMajor(amount, currency)
}

/** Add (no `pot`) or edit a pot: name, budget, size/district, and its ballot rule. */
export default function PotForm({
  campaignId,
  currency,
  pot,
  districts,
  disabled,
}: {
  campaignId: number
  currency: string
  pot?: Pot
  districts: { id: number; name: string }[]
  disabled: boolean
}) {
  const t = useT()
  const rule = pot?.rule
  const form = useForm<PotData>({
    name: { en: '', ru: '', uk: '', ...pot?.names },
    budget: pot ? toMajor(pot.budget, currency) : '',
    minProjectCost: optionalMajor(pot?.minProjectCost, currency),
    maxProjectCost: optionalMajor(pot?.maxProjectCost, currency),
    kind: pot?.kind ?? 'size',
    districtId: String(pot?.districtId ?? districts[0]?.id ?? ''),
    minSupport: String(pot?.minSupport ?? 1),
    ruleKind: rule?.kind ?? 'approval',
    minSelections: String(rule?.kind === 'approval' ? rule.minSelections : 1),
    maxSelections: String(rule?.kind === 'approval' ? rule.maxSelections : 3),
    minSharePercent: String(rule?.kind === 'knapsack' ? rule.minSharePercent : 0),
    points: String(rule?.kind === 'cumulative' ? rule.points : 10),
    maxPerProject: String(rule?.kind === 'cumulative' ? rule.maxPerProject : 5),
    maxRanks: String(rule?.kind === 'ranked' ? rule.maxRanks : 3),
  })
  const errors = form.errors as Record<string, string | undefined>
  const amounts = useAmounts(currency)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = amounts.check(
      form,
      {
        budget: form.data.budget,
        minProjectCost: form.data.minProjectCost,
        maxProjectCost: form.data.maxProjectCost,
      },
      ['minProjectCost', 'maxProjectCost']
    )
    if (!checked) return
    form.transform((data) => ({
      name: data.name,
      budget: checked.budget,
      minProjectCost: checked.minProjectCost,
      maxProjectCost: checked.maxProjectCost,
      kind: data.kind,
      districtId: data.kind === 'district' ? Number(data.districtId) : null,
      rule: ruleOf(data),
      minSupport: data.minSupport.trim() === '' ? undefined : Number(data.minSupport),
    }))
    const options = { preserveScroll: true, onSuccess: () => (pot ? undefined : form.reset()) }
    if (pot) form.put(`/staff/campaigns/${campaignId}/pots/${pot.id}`, options)
    else form.post(`/staff/campaigns/${campaignId}/pots`, options)
  }
  const number = (key: keyof PotData, label: string, min = 0) => (
    <TextInput
      type="number"
      min={min}
      label={label}
      value={form.data[key] as string}
      error={errors[`rule.${key}`]}
      disabled={disabled}
      onChange={(event) => form.setData(key, event.target.value)}
    />
  )
  return (
    <form onSubmit={submit} className="card" noValidate>
      <TranslationsFields
        name="name"
        label={t('ui.campaigns.pots.name')}
        value={form.data.name}
        errors={errors}
        disabled={disabled}
        onChange={(value) => form.setData('name', value)}
      />
      <TextInput
        label={t('ui.campaigns.pots.budget')}
        hint={amounts.hint}
        inputMode="decimal"
        value={form.data.budget}
        error={errors.budget}
        disabled={disabled}
        onChange={(event) => form.setData('budget', event.target.value)}
      />
      <fieldset className="cost-band">
        <legend>{t('ui.campaigns.pots.cost_band')}</legend>
        <p className="hint">{t('ui.campaigns.pots.cost_band_hint')}</p>
        <TextInput
          label={t('ui.campaigns.pots.min_project_cost')}
          hint={amounts.hint}
          inputMode="decimal"
          value={form.data.minProjectCost}
          error={errors.minProjectCost}
          disabled={disabled}
          onChange={(event) => form.setData('minProjectCost', event.target.value)}
        />
        <TextInput
          label={t('ui.campaigns.pots.max_project_cost')}
          inputMode="decimal"
          value={form.data.maxProjectCost}
          error={errors.maxProjectCost}
          disabled={disabled}
          onChange={(event) => form.setData('maxProjectCost', event.target.value)}
        />
      </fieldset>
      <SelectInput
        label={t('ui.campaigns.pots.kind')}
        value={form.data.kind}
        error={errors.kind}
        disabled={disabled}
        onChange={(event) => form.setData('kind', event.target.value as PotData['kind'])}
        options={[
          { value: 'size', label: t('ui.campaigns.pots.kind_size') },
          { value: 'district', label: t('ui.campaigns.pots.kind_district') },
        ]}
      />
      <TextInput
        type="number"
        min={0}
        label={t('ui.campaigns.pots.min_support')}
        hint={t('ui.campaigns.pots.min_support_hint')}
        value={form.data.minSupport}
        error={errors.minSupport}
        disabled={disabled}
        onChange={(event) => form.setData('minSupport', event.target.value)}
      />
      {form.data.kind === 'district' && (
        <SelectInput
          label={t('ui.campaigns.pots.district')}
          value={form.data.districtId}
          error={errors.districtId}
          disabled={disabled}
          onChange={(event) => form.setData('districtId', event.target.value)}
          options={districts.map((d) => ({ value: d.id, label: d.name }))}
        />
      )}
      <SelectInput
        label={t('ui.campaigns.rules.kind')}
        value={form.data.ruleKind}
        error={errors['rule.kind']}
        disabled={disabled}
        onChange={(event) => form.setData('ruleKind', event.target.value as BallotRule['kind'])}
        options={(['approval', 'knapsack', 'cumulative', 'ranked'] as const).map((kind) => ({
          value: kind,
          label: t(`ui.campaigns.rules.${kind}`),
        }))}
      />
      <p className="hint">{t(`ui.campaigns.rules.${form.data.ruleKind}_hint`)}</p>
      {form.data.ruleKind === 'approval' && (
        <>
          {number('minSelections', t('ui.campaigns.rules.min_selections'))}
          {number('maxSelections', t('ui.campaigns.rules.max_selections'), 1)}
        </>
      )}
      {form.data.ruleKind === 'knapsack' &&
        number('minSharePercent', t('ui.campaigns.rules.min_share_percent'))}
      {form.data.ruleKind === 'cumulative' && (
        <>
          {number('points', t('ui.campaigns.rules.points'), 1)}
          {number('maxPerProject', t('ui.campaigns.rules.max_per_project'), 1)}
        </>
      )}
      {form.data.ruleKind === 'ranked' && number('maxRanks', t('ui.campaigns.rules.max_ranks'), 1)}
      {!disabled && (
        <div className="actions">
          <LoadingButton loading={form.processing}>
            {pot ? t('ui.campaigns.actions.save') : t('ui.campaigns.pots.add')}
          </LoadingButton>
          {pot && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                if (window.confirm(t('ui.campaigns.pots.confirm_remove'))) {
                  router.delete(`/staff/campaigns/${campaignId}/pots/${pot.id}`, {
                    preserveScroll: true,
                  })
                }
              }}
            >
              {t('ui.campaigns.actions.remove')}
            </button>
          )}
        </div>
      )}
    </form>
  )
}
