import type { FormEvent } from 'react'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { useContentText } from '~/lib/content'
import LoadingButton from '~/components/form/loading_button'
import SelectInput from '~/components/form/select_input'
import TextInput from '~/components/form/text_input'
import WizardSteps from '~/components/campaigns/wizard_steps'
import type { CampaignForm } from '~/components/campaigns/types'

interface Props {
  campaign: CampaignForm
  census: Record<string, number>
  canManage: boolean
}

/** Wizard step 3: who may take part, and how winners are chosen. */
export default function CampaignSettings({ campaign, census, canManage }: Props) {
  const t = useT()
  const text = useContentText()
  const eligibility = useForm({
    eligibilityMode: campaign.eligibilityMode,
    acceptedDistrictSource: campaign.acceptedDistrictSource,
    minAge: campaign.minAge === null ? '' : String(campaign.minAge),
  })
  const outcome = useForm({
    outcomeRule: campaign.outcomeRule,
    liveResultsPublic: campaign.liveResultsPublic,
  })
  const saveEligibility = (event: FormEvent) => {
    event.preventDefault()
    eligibility.transform((data) => ({
      eligibilityMode: data.eligibilityMode,
      acceptedDistrictSource: data.acceptedDistrictSource,
      minAge: data.minAge === '' ? null : Number(data.minAge),
    }))
    eligibility.put(`/staff/campaigns/${campaign.id}/eligibility`, { preserveScroll: true })
  }
  const saveOutcome = (event: FormEvent) => {
    event.preventDefault()
    outcome.put(`/staff/campaigns/${campaign.id}/outcome`, { preserveScroll: true })
  }
  const censusTotal = Object.values(census).reduce((sum, count) => sum + count, 0)
  return (
    <>
      <Head title={t('ui.campaigns.wizard.settings')} />
      <h1>{text(campaign.title)}</h1>
      <WizardSteps campaignId={campaign.id} current="settings" />

      <h2>{t('ui.campaigns.eligibility.title')}</h2>
      <form onSubmit={saveEligibility} className="card" noValidate>
        <SelectInput
          label={t('ui.campaigns.eligibility.mode')}
          value={eligibility.data.eligibilityMode}
          error={eligibility.errors.eligibilityMode}
          disabled={!canManage}
          onChange={(event) =>
            eligibility.setData(
              'eligibilityMode',
              event.target.value as CampaignForm['eligibilityMode']
            )
          }
          options={(['anyone', 'residents', 'census'] as const).map((mode) => ({
            value: mode,
            label: t(`ui.campaigns.eligibility.${mode}`),
          }))}
        />
        <p className="hint">
          {t(`ui.campaigns.eligibility.${eligibility.data.eligibilityMode}_hint`)}
        </p>
        {eligibility.data.eligibilityMode === 'residents' && (
          <SelectInput
            label={t('ui.campaigns.eligibility.district_source')}
            value={eligibility.data.acceptedDistrictSource}
            error={eligibility.errors.acceptedDistrictSource}
            disabled={!canManage}
            onChange={(event) =>
              eligibility.setData(
                'acceptedDistrictSource',
                event.target.value as CampaignForm['acceptedDistrictSource']
              )
            }
            options={(['declared', 'verified'] as const).map((source) => ({
              value: source,
              label: t(`ui.campaigns.eligibility.district_source_${source}`),
            }))}
          />
        )}
        <TextInput
          type="number"
          min={0}
          max={120}
          label={t('ui.campaigns.eligibility.min_age')}
          hint={t('ui.campaigns.eligibility.min_age_hint')}
          value={eligibility.data.minAge}
          error={eligibility.errors.minAge}
          disabled={!canManage}
          onChange={(event) => eligibility.setData('minAge', event.target.value)}
        />
        <p>
          {t('ui.campaigns.census.count', { count: censusTotal })}{' '}
          <Link href={`/staff/campaigns/${campaign.id}/census`}>
            {t('ui.campaigns.census.import')}
          </Link>
        </p>
        {canManage && (
          <LoadingButton loading={eligibility.processing}>
            {t('ui.campaigns.actions.save')}
          </LoadingButton>
        )}
      </form>

      <h2>{t('ui.campaigns.outcome.title')}</h2>
      <form onSubmit={saveOutcome} className="card" noValidate>
        <SelectInput
          label={t('ui.campaigns.outcome.rule')}
          value={outcome.data.outcomeRule}
          error={outcome.errors.outcomeRule}
          disabled={!canManage}
          onChange={(event) =>
            outcome.setData('outcomeRule', event.target.value as CampaignForm['outcomeRule'])
          }
          options={(['greedy', 'equal_shares', 'equal_shares_add1'] as const).map((rule) => ({
            value: rule,
            label: t(`ui.campaigns.outcome.${rule}`),
          }))}
        />
        <p className="hint">{t(`ui.campaigns.outcome.${outcome.data.outcomeRule}_hint`)}</p>
        <div className="field check">
          <input
            id="liveResultsPublic"
            type="checkbox"
            checked={outcome.data.liveResultsPublic}
            disabled={!canManage}
            onChange={(event) => outcome.setData('liveResultsPublic', event.target.checked)}
          />
          <label htmlFor="liveResultsPublic">{t('ui.campaigns.outcome.live_results')}</label>
        </div>
        {canManage && (
          <LoadingButton loading={outcome.processing}>
            {t('ui.campaigns.actions.save')}
          </LoadingButton>
        )}
      </form>
      <p>
        <Link href={`/staff/campaigns/${campaign.id}/review`} className="button">
          {t('ui.campaigns.wizard.next')}
        </Link>
      </p>
    </>
  )
}
