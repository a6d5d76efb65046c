import { useEffect, type ReactNode } from 'react'
import { Head, usePage } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import ResultsView from '~/components/reporting/results_view'
import type { ResultsProps } from '~/components/reporting/types'
import type { SharedProps } from '~/lib/shared_props'
import { brandStyle } from '~/lib/branding'

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
      <EmbedBrand />
      <h2 className="embed-title">
        <a href={`/campaigns/${campaign.slug}/results`} target="_blank" rel="noopener noreferrer">
          {campaign.title}
        </a>
      </h2>
      <ResultsView campaign={campaign} results={results} compact />
    </>
  )
}

/** The city's name over the widget, in its colour (nothing when the city set no name). */
function EmbedBrand() {
  const { branding } = usePage<SharedProps>().props
  if (!branding?.name) return null
  return (
    <p className="embed-brand">
      {branding.logo && (
        <img
          src={branding.logo.url}
          width={branding.logo.width}
          height={branding.logo.height}
          alt=""
        />
      )}
      {branding.name}
    </p>
  )
}

/** The page's outer element carries the city's colour, as the resident layout's does. */
function EmbedLayout({ children }: { children: ReactNode }) {
  const { branding } = usePage<SharedProps>().props
  return (
    <main className="embed" style={brandStyle(branding)}>
      {children}
    </main>
  )
}

EmbedResults.layout = (page: ReactNode) => <EmbedLayout>{page}</EmbedLayout>
