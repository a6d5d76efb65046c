import TextInput from '~/components/form/text_input'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import { useAmounts } from '~/components/form/use_amounts'
import TranslationsFields from '~/components/campaigns/translations_fields'
import { DATE_FIELDS, type DateField, type Translations } from '~/components/campaigns/types'

export interface BasicsData {
  slug: string
  title: Translations
  description: Translations
  totalBudget: string
  currency: string
  supportThreshold: string
  dates: Record<DateField, string>
}

/** Title, description, budget, currency, support threshold and stage dates (create and edit). */
export default function BasicsFields({
  data,
  errors,
  setData,
  disabled = false,
}: {
  data: BasicsData
  errors: Record<string, string | undefined>
  setData: <K extends keyof BasicsData>(key: K, value: BasicsData[K]) => void
  disabled?: boolean
}) {
  const t = useT()
  const amounts = useAmounts(data.currency)
  const { timeZone } = useDates()
  return (
    <>
      <TranslationsFields
        name="title"
        label={t('ui.campaigns.fields.title')}
        value={data.title}
        errors={errors}
        disabled={disabled}
        onChange={(value) => setData('title', value)}
      />
      <TranslationsFields
        name="description"
        label={t('ui.campaigns.fields.description')}
        value={data.description}
        errors={errors}
        disabled={disabled}
        multiline
        required={false}
        onChange={(value) => setData('description', value)}
      />
      <TextInput
        label={t('ui.campaigns.fields.slug')}
        hint={t('ui.campaigns.hints.slug')}
        value={data.slug}
        error={errors.slug}
        disabled={disabled}
        onChange={(event) => setData('slug', event.target.value)}
      />
      <TextInput
        label={t('ui.campaigns.fields.total_budget')}
        hint={amounts.hint}
        inputMode="decimal"
        value={data.totalBudget}
        error={errors.totalBudget}
        disabled={disabled}
        required
        onChange={(event) => setData('totalBudget', event.target.value)}
      />
      <TextInput
        label={t('ui.campaigns.fields.currency')}
        value={data.currency}
        error={errors.currency}
        disabled={disabled}
        maxLength={3}
        required
        onChange={(event) => setData('currency', event.target.value.toUpperCase())}
      />
      <TextInput
        label={t('ui.campaigns.fields.support_threshold')}
        hint={t('ui.campaigns.hints.support_threshold')}
        type="number"
        min={0}
        value={data.supportThreshold}
        error={errors.supportThreshold}
        disabled={disabled}
        onChange={(event) => setData('supportThreshold', event.target.value)}
      />
      <fieldset>
        <legend>{t('ui.campaigns.fields.dates')}</legend>
        <p className="hint">
          {t('ui.dates.zone', { zone: timeZone })} {t('ui.campaigns.hints.dates')}
        </p>
        {DATE_FIELDS.map((field) => (
          <TextInput
            key={field}
            type="datetime-local"
            label={t(`ui.campaigns.dates.${field}`)}
            hint={timeZone}
            value={data.dates[field]}
            error={errors[field]}
            disabled={disabled}
            onChange={(event) => setData('dates', { ...data.dates, [field]: event.target.value })}
          />
        ))}
      </fieldset>
    </>
  )
}

/**
 * The form's data as the server expects it: the budget checked by `useAmounts`, dates as the
 * city's wall-clock times (no offset: the server reads them in CITY_TIME_ZONE).
 */
export function basicsPayload(data: BasicsData, totalBudget: number) {
  const dates = Object.fromEntries(DATE_FIELDS.map((field) => [field, data.dates[field] || null]))
  return {
    slug: data.slug.trim() === '' ? undefined : data.slug.trim(),
    title: data.title,
    description: data.description,
    totalBudget,
    currency: data.currency,
    supportThreshold: data.supportThreshold === '' ? undefined : Number(data.supportThreshold),
    ...dates,
  }
}
