import { useT } from '~/lib/i18n'
import type { BallotRule } from '~/components/campaigns/types'

/** A ballot rule in words. */
export default function RuleSummary({ rule }: { rule: BallotRule }) {
  const t = useT()
  switch (rule.kind) {
    case 'approval':
      return <>{t('ui.campaigns.rules.approval_summary', rule)}</>
    case 'knapsack':
      return (
        <>
          {rule.minSharePercent > 0
            ? t('ui.campaigns.rules.knapsack_summary', rule)
            : t('ui.campaigns.rules.knapsack_summary_free')}
        </>
      )
    case 'cumulative':
      return <>{t('ui.campaigns.rules.cumulative_summary', rule)}</>
    case 'ranked':
      return <>{t('ui.campaigns.rules.ranked_summary', rule)}</>
  }
}
