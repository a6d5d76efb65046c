import router from '@adonisjs/core/services/router'

const LocaleController = () => import('#identity/controllers/locale_controller')

router.get('/locale/:code', [LocaleController, 'update']).as('locale.update')

await import('#identity/staff_routes')
