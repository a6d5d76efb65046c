/*
| Routes of the branding module: the admin screen (unscoped admins; the logo is a multipart
| upload read only once authorized) and the public logo file.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { addStaffNavItem } from '#identity/staff/staff_nav'
import { acceptsUploads } from '#shared/upload_intake'

const StaffBrandingController = () => import('#branding/controllers/staff_branding_controller')
const BrandingLogoController = () => import('#branding/controllers/branding_logo_controller')

router
  .group(() => {
    router.get('/', [StaffBrandingController, 'show']).as('show')
    router.put('/', [StaffBrandingController, 'update']).as('update')
    acceptsUploads(router.post('/logo', [StaffBrandingController, 'storeLogo']).as('logo.store'))
    router.delete('/logo', [StaffBrandingController, 'destroyLogo']).as('logo.destroy')
  })
  .prefix('/staff/settings/branding')
  .as('staff.branding')
  .use(middleware.staffAuth())

router
  .get('/branding/logo/:file', [BrandingLogoController, 'show'])
  .as('branding.logo')
  .where('file', /^[0-9a-f-]{36}\.webp$/)

addStaffNavItem({
  href: '/staff/settings/branding',
  label: 'ui.branding.nav',
  allowed: (ctx) => ctx.bouncer.with('branding').allows('manage'),
})
