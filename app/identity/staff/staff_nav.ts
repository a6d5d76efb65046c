/*
| The staff area's navigation, computed from the member's abilities. Other
| modules add their screens with `addStaffNavItem` (e.g. campaigns, moderation).
*/
import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'

export interface StaffNavItem {
  href: string
  /** i18n key, e.g. `ui.staff.nav.members` */
  label: string
  allowed: (ctx: HttpContext) => Promise<boolean>
}

const items: StaffNavItem[] = [
  { href: '/staff', label: 'ui.staff.nav.dashboard', allowed: async () => true },
  {
    href: '/staff/members',
    label: 'ui.staff.nav.members',
    allowed: (ctx) => ctx.bouncer.allows('manageStaff'),
  },
  {
    href: '/staff/communities',
    label: 'ui.staff.nav.communities',
    allowed: (ctx) => ctx.bouncer.allows('viewCommunities'),
  },
  {
    href: '/staff/audit',
    label: 'ui.staff.nav.audit',
    allowed: (ctx) => ctx.bouncer.allows('viewAuditLog'),
  },
  {
    href: '/staff/api-tokens',
    label: 'ui.staff_api.nav',
    allowed: (ctx) => ctx.bouncer.allows('manageStaffApiTokens'),
  },
  {
    href: '/staff/outbox',
    label: 'ui.staff.nav.outbox',
    allowed: async (ctx) => !app.inProduction && (await ctx.bouncer.allows('manageStaff')),
  },
]

export function addStaffNavItem(item: StaffNavItem) {
  if (!items.some((existing) => existing.href === item.href)) items.push(item)
}

/**
 * The items this member may use, as `{href, label}` DTOs for the staff layout, labels translated
 * here: a page is sent only the messages its own files name (`#shared/page_messages`).
 */
export async function staffNavFor(ctx: HttpContext): Promise<{ href: string; label: string }[]> {
  const visible: { href: string; label: string }[] = []
  for (const item of items) {
    if (await item.allowed(ctx)) visible.push({ href: item.href, label: ctx.i18n.t(item.label) })
  }
  return visible
}
