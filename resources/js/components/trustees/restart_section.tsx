import { CEREMONY_RESTARTS_MAX } from '@civic-budget/protocol/limits'
import { useT } from '~/lib/i18n'
import NameTrusteesForm from '~/components/trustees/name_trustees_form'

interface Props {
  action: string
  ceremony: { threshold: number; restarts: number; steps: { name: string }[] }
}

/** "Start the ceremony again" after a failure or a passed deadline: the naming form, prefilled. */
export default function RestartSection({ action, ceremony }: Props) {
  const t = useT()
  return (
    <section aria-labelledby="restart-heading">
      <h3 id="restart-heading">{t('ui.trustees.staff.restart_title')}</h3>
      <p>
        {t('ui.trustees.staff.restart_text', {
          max: CEREMONY_RESTARTS_MAX,
          restarts: ceremony.restarts,
        })}
      </p>
      <NameTrusteesForm
        action={action}
        names={ceremony.steps.map((step) => step.name)}
        threshold={ceremony.threshold}
        submitLabel={t('ui.trustees.staff.restart_save')}
      />
    </section>
  )
}
