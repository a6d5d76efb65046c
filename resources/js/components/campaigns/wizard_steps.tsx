import { Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'

const STEPS = [
  { key: 'basics', path: '' },
  { key: 'pots', path: '/pots' },
  { key: 'settings', path: '/settings' },
  { key: 'census', path: '/census' },
  { key: 'review', path: '/review' },
] as const

/** The setup wizard's steps as tabs: basics → pots & rules → eligibility & outcome → review & publish. */
export default function WizardSteps({
  campaignId,
  current,
}: {
  campaignId: number
  current: (typeof STEPS)[number]['key']
}) {
  const t = useT()
  return (
    <nav aria-label={t('ui.campaigns.wizard.label')} className="subnav">
      {STEPS.map((step, index) => (
        <Link
          key={step.key}
          href={`/staff/campaigns/${campaignId}${step.path}`}
          aria-current={step.key === current ? 'step' : undefined}
        >
          {index + 1}. {t(`ui.campaigns.wizard.${step.key}`)}
        </Link>
      ))}
    </nav>
  )
}
