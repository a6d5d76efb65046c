import type { Translate } from '~/lib/i18n'
import type { RuleViolation } from '@civic-budget/protocol/rules'

/** A rule violation of `checkChoices` in words (`ui.voting.rules.<code>`). */
export function violationText(
  t: Translate,
  violation: RuleViolation,
  money: (amount: number) => string,
  titleOf: (projectId: number) => string
): string {
  switch (violation.code) {
    case 'too_few':
      return t('ui.voting.rules.too_few', { min: violation.min, actual: violation.actual })
    case 'too_many':
      return t('ui.voting.rules.too_many', { max: violation.max, actual: violation.actual })
    case 'over_budget':
      return t('ui.voting.rules.over_budget', {
        budget: money(violation.budget),
        over: money(violation.total - violation.budget),
      })
    case 'below_min_share':
      return t('ui.voting.rules.below_min_share', {
        percent: violation.minSharePercent,
        required: money(violation.required),
      })
    case 'points_exceeded':
      return t('ui.voting.rules.points_exceeded', {
        points: violation.points,
        total: violation.total,
      })
    case 'per_project_exceeded':
      return t('ui.voting.rules.per_project_exceeded', {
        max: violation.max,
        project: titleOf(violation.projectId),
      })
    case 'rank_duplicate':
      return t('ui.voting.rules.rank_duplicate', { rank: violation.rank })
    case 'rank_gap':
      return t('ui.voting.rules.rank_gap', { rank: violation.missingRank })
    default:
      return t('ui.voting.rules.invalid')
  }
}
