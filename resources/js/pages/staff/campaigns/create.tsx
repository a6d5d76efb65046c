import type { FormEvent } from 'react'
import { Head, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import SelectInput from '~/components/form/select_input'
import BasicsFields, { basicsPayload, type BasicsData } from '~/components/campaigns/basics_fields'
import { useAmounts } from '~/components/form/use_amounts'

interface Props {
  communities: { id: number; name: string; kind: string }[]
}

/** Wizard step 1: the basics. Everything else starts with sensible defaults. */
export default function CampaignsCreate({ communities }: Props) {
  const t = useT()
  const form = useForm<BasicsData & { communityId: string }>({
    communityId: String(communities[0]?.id ?? ''),
    slug: '',
    title: { en: '', ru: '', uk: '' },
    description: { en: '', ru: '', uk: '' },
    totalBudget: '',
    currency: 'RUB',
    supportThreshold: '0',
    dates: {
      ideasOpensAt: '',
      reviewOpensAt: '',
      votingOpensAt: '',
      votingClosesAt: '',
      implementationOpensAt: '',
      finishesAt: '',
    },
  })
  const amounts = useAmounts(form.data.currency || 'RUB')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = amounts.check(form, { totalBudget: form.data.totalBudget })
    if (!checked) return
    form.transform((data) => ({
      communityId: Number(data.communityId),
      ...basicsPayload(data, checked.totalBudget!),
    }))
    form.post('/staff/campaigns')
  }
  return (
    <>
      <Head title={t('ui.campaigns.staff.new')} />
      <h1>{t('ui.campaigns.staff.new')}</h1>
      <p className="lead">{t('ui.campaigns.wizard.intro')}</p>
      <form onSubmit={submit} className="card" noValidate>
        <SelectInput
          label={t('ui.campaigns.fields.community')}
          value={form.data.communityId}
          error={form.errors.communityId}
          onChange={(event) => form.setData('communityId', event.target.value)}
          options={communities.map((c) => ({ value: c.id, label: c.name }))}
        />
        <BasicsFields
          data={form.data}
          errors={form.errors as Record<string, string | undefined>}
          setData={(key, value) => form.setData(key, value as never)}
        />
        <p className="hint">{t('ui.campaigns.wizard.defaults')}</p>
        <LoadingButton loading={form.processing}>{t('ui.campaigns.wizard.next')}</LoadingButton>
      </form>
    </>
  )
}
