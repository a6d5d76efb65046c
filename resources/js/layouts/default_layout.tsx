import type { ReactNode } from 'react'
import ResidentLayout from '~/layouts/resident_layout'
import StaffLayout from '~/layouts/staff_layout'

type PageModule = { default: { layout?: (page: ReactNode) => ReactNode } }

/**
 * Persistent layouts (Ping CRM): pages under `staff/` get the staff layout,
 * everything else the resident layout, unless a page sets its own.
 */
export function withDefaultLayout(name: string, module: unknown) {
  const page = module as PageModule
  if (page.default.layout === undefined) {
    page.default.layout = name.startsWith('staff/')
      ? (child: ReactNode) => <StaffLayout>{child}</StaffLayout>
      : (child: ReactNode) => <ResidentLayout>{child}</ResidentLayout>
  }
  return page
}
