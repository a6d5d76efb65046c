import { useEffect, type ReactNode } from 'react'
import { Head } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import ResultsView from '~/components/reporting/results_view'
import type { ResultsProps } from '~/components/reporting/types'

/** Tells the page that framed us (public/widget.js) how tall we are, whenever that changes. */
function usePostHeight(slug: string) {
  useEffect(() => {
    if (window.parent === window) return
    const post = () =>
      window.parent.postMessage(
        {
          type: 'civic-budget:results-height',
          slug,
          height: document.documentElement.scrollHeight,
        },
        '*'
      )
    post()
    const observer = new ResizeObserver(post)
    observer.observe(document.body)
    return () => observer.disconnect()
  }, [slug])
}

/** The embeddable results widget (iframe): the results page without the site's chrome. */
export default function EmbedResults({ campaign, results }: ResultsProps) {
  const t = useT()
  usePostHeight(campaign.slug)
  return (
    <>
      <Head title={`${t('ui.results.title')} · ${campaign.title}`} />
      <h2 className="embed-title">
        <a href={`/campaigns/${campaign.slug}/results`} target="_blank" rel="noopener noreferrer">
          {campaign.title}
        </a>
      </h2>
      <ResultsView campaign={campaign} results={results} compact />
    </>
  )
}

EmbedResults.layout = (page: ReactNode) => <main className="embed">{page}</main>
