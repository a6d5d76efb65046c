import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import ResultsView from '~/components/reporting/results_view'
import DecryptionSummary from '~/components/trustees/decryption_summary'
import type { ResultsProps } from '~/components/reporting/types'

/** Residents: live (or final) results of a campaign, counted from the ledger's committed blocks. */
export default function CampaignResults({ campaign, results, decryption }: ResultsProps) {
  const t = useT()
  return (
    <>
      <Head title={`${t('ui.results.title')} · ${campaign.title}`} />
      <h1>{t('ui.results.title')}</h1>
      <p className="lead">
        <Link href={`/campaigns/${campaign.slug}`}>{campaign.title}</Link>
      </p>
      {decryption && <DecryptionSummary decryption={decryption} />}
      <ResultsView campaign={campaign} results={results} />
      <p>
        <Link href={`/campaigns/${campaign.slug}`}>{t('ui.results.back')}</Link>
      </p>
    </>
  )
}
