import type { HttpContext } from '@adonisjs/core/http'
import type StaffUser from '#identity/models/staff_user'
import type Resident from '#identity/models/resident'
import { maskPhone } from '#identity/phone'

/**
 * Who is signed in, shared with every page beside `#shared/shared_page_props`
 * (both are merged in config/inertia.ts). Never whole models — small DTOs only.
 */
export const signedInPageProps = {
  // Checked silently on every page (not only behind residentAuth), so the layout
  // shows the signed-in resident everywhere.
  resident: async (ctx: HttpContext) => {
    // No session on this request (an anonymous results view): nobody is signed in.
    const guard = ctx.session ? ctx.auth?.use('resident') : undefined
    if (!guard) return null
    if (!guard.isAuthenticated) await guard.check()
    const resident = guard.user as Resident | undefined
    return resident
      ? { id: resident.id, phone: resident.phoneE164 ? maskPhone(resident.phoneE164) : null }
      : null
  },
  staff: (ctx: HttpContext) => {
    const staff = (ctx.session ? ctx.auth?.use('staff').user : undefined) as StaffUser | undefined
    return staff ? { id: staff.id, name: staff.fullName, email: staff.email } : null
  },
}
