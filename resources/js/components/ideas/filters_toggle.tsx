import { useT } from '~/lib/i18n'

/**
 * On a phone the ideas' filters fold away behind this button (CSS shows it below 720 px only), so
 * the first ideas are in view; the form stays in the page for wider screens and without script.
 */
export default function FiltersToggle({
  open,
  controls,
  onToggle,
}: {
  open: boolean
  controls: string
  onToggle: () => void
}) {
  const t = useT()
  return (
    <button
      type="button"
      className="button secondary filters-toggle"
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
    >
      {open ? t('ui.discussion.filters_hide') : t('ui.discussion.filters_show')}
    </button>
  )
}
