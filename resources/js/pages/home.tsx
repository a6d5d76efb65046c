import { Head, Link, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'

interface Props {
  city: { name: string; districts: number; population: number } | null
}

/** The residents' front page. */
export default function Home({ city }: Props) {
  const t = useT()
  const { resident } = usePage<SharedProps>().props
  return (
    <>
      <Head title={t('ui.home.title')} />
      <section className="hero">
        <h1>{city ? t('ui.home.heading_city', { city: city.name }) : t('ui.home.heading')}</h1>
        <p className="lead">{t('ui.home.lead')}</p>
        {city && (
          <p className="muted">
            {t('ui.home.city_facts', {
              districts: city.districts,
              population: city.population.toLocaleString(),
            })}
          </p>
        )}
        {!resident && (
          <Link href="/sign-in" className="button">
            {t('ui.home.sign_in_cta')}
          </Link>
        )}
      </section>
      <section aria-labelledby="how-heading" className="steps">
        <h2 id="how-heading">{t('ui.home.how_heading')}</h2>
        <ol>
          <li>{t('ui.home.step_ideas')}</li>
          <li>{t('ui.home.step_review')}</li>
          <li>{t('ui.home.step_voting')}</li>
          <li>{t('ui.home.step_implementation')}</li>
        </ol>
      </section>
    </>
  )
}
