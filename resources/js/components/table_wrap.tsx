import type { ReactNode } from 'react'

/**
 * A table's horizontal scroller on narrow screens. Focusable, so a keyboard user can scroll it
 * with the arrow keys (axe `scrollable-region-focusable`), and named after the heading it sits
 * under (`labelledBy`, an element id) or `label`, so the stop is announced.
 */
export default function TableWrap({
  labelledBy,
  label,
  children,
}: {
  labelledBy?: string
  label?: string
  children: ReactNode
}) {
  return (
    <div
      className="table-wrap"
      role="region"
      tabIndex={0}
      aria-labelledby={labelledBy}
      aria-label={labelledBy ? undefined : label}
    >
      {children}
    </div>
  )
}
