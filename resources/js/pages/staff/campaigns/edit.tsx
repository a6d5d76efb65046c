import type { FormEvent } from 'react'
import { Head, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import LoadingButton from '~/components/form/loading_button'
import BasicsFields, { basicsPayload, type BasicsData } from '~/components/campaigns/basics_fields'
import WizardSteps from '~/components/campaigns/wizard_steps'
import { toMajor } from '~/components/campaigns/format'
import { useDates } from '~/lib/dates'
import { useContentText } from '~/lib/content'
import { useAmounts } from '~/components/form/use_amounts'
import type { CampaignForm } from '~/components/campaigns/types'

interface Props {
  campaign: CampaignForm
  canManage: boolean
}

/** Wizard step 1 for an existing campaign: edit the basics. */
export default function CampaignsEdit({ campaign, canManage }: Props) {
  const t = useT()
  const dates = useDates()
  const text = useContentText()
  const form = useForm<BasicsData>({
    slug: campaign.slug,
    title: { en: '', ru: '', uk: '', ...campaign.title },
    description: { en: '', ru: '', uk: '', ...campaign.description },
    totalBudget: toMajor(campaign.totalBudget, campaign.currency),
    currency: campaign.currency,
    supportThreshold: String(campaign.supportThreshold),
    dates: {
      ideasOpensAt: dates.input(campaign.ideasOpensAt),
      reviewOpensAt: dates.input(campaign.reviewOpensAt),
      votingOpensAt: dates.input(campaign.votingOpensAt),
      votingClosesAt: dates.input(campaign.votingClosesAt),
      implementationOpensAt: dates.input(campaign.implementationOpensAt),
      finishesAt: dates.input(campaign.finishesAt),
    },
  })
  const amounts = useAmounts(form.data.currency || campaign.currency)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = amounts.check(form, { totalBudget: form.data.totalBudget })
    if (!checked) return
    form.transform((data) => ({
      ...basicsPayload(data, checked.totalBudget!),
      slug: data.slug,
    }))
    form.put(`/staff/campaigns/${campaign.id}`)
  }
  return (
    <>
      <Head title={text(campaign.title) || campaign.slug} />
      <h1>{text(campaign.title)}</h1>
      <WizardSteps campaignId={campaign.id} current="basics" />
      <form onSubmit={submit} className="card" noValidate>
        <BasicsFields
          data={form.data}
          errors={form.errors as Record<string, string | undefined>}
          setData={(key, value) => form.setData(key, value as never)}
          disabled={!canManage}
        />
        {canManage && (
          <LoadingButton loading={form.processing}>{t('ui.campaigns.actions.save')}</LoadingButton>
        )}
      </form>
    </>
  )
}
