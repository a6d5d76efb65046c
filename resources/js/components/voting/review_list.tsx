import { useT } from '~/lib/i18n'
import type { Selection, VoteCampaign } from './types'

/** The review step: per pot, what the ballot will say (ranks in order, points per project). */
export default function ReviewList(props: {
  campaign: VoteCampaign
  selection: Selection
  money: (amount: number) => string
}) {
  const { campaign, selection, money } = props
  const t = useT()
  return (
    <>
      {campaign.pots.map((pot) => {
        const chosen = campaign.projects
          .filter((project) => project.potId === pot.id && (selection[project.id] ?? 0) > 0)
          .sort((a, b) =>
            pot.rule.kind === 'ranked' ? selection[a.id] - selection[b.id] : a.id - b.id
          )
        return (
          <section key={pot.id} className="card" aria-labelledby={`review-pot-${pot.id}`}>
            <h2 id={`review-pot-${pot.id}`}>{pot.name}</h2>
            {chosen.length === 0 ? (
              <p className="muted">{t('ui.voting.review_none')}</p>
            ) : (
              <ul>
                {chosen.map((project) => (
                  <li key={project.id}>
                    {pot.rule.kind === 'ranked' &&
                      `${t('ui.voting.review_rank', { rank: selection[project.id] })} `}
                    {project.title} <span className="muted">{money(project.cost)}</span>
                    {pot.rule.kind === 'cumulative' &&
                      ` — ${t('ui.voting.review_points', { points: selection[project.id] })}`}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )
      })}
    </>
  )
}
