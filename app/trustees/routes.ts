/*
| Routes of the trustees module: the staff screen of a campaign's trustees, the trustee page and the
| trustee API (bearer invite tokens; app/trustees/README.md).
*/
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'
import { middleware } from '#start/kernel'

const StaffTrusteesController = () => import('#trustees/controllers/staff_trustees_controller')
const TrusteeApiController = () => import('#trustees/controllers/trustee_api_controller')
const TrusteePageController = () => import('#trustees/controllers/trustee_page_controller')

router
  .group(() => {
    router.get('/', [StaffTrusteesController, 'show']).as('show')
    router.post('/', [StaffTrusteesController, 'store']).as('store')
    router.post('/reissue', [StaffTrusteesController, 'reissue']).as('reissue')
    router.get('/reissue', [StaffTrusteesController, 'backToScreen']).as('reissue.reload')
    router.put('/deadline', [StaffTrusteesController, 'deadline']).as('deadline')
    router.post('/restart', [StaffTrusteesController, 'restart']).as('restart')
    router.post('/complete', [StaffTrusteesController, 'complete']).as('complete')
    router.post('/decrypt', [StaffTrusteesController, 'decrypt']).as('decrypt')
    router.post('/demo-decrypt', [StaffTrusteesController, 'demoDecrypt']).as('demo_decrypt')
  })
  .prefix('/staff/campaigns/:id/trustees')
  .where('id', ROW_ID_MATCHER)
  .as('staff.campaigns.trustees')
  .use(middleware.staffAuth())

router.get('/trustee', [TrusteePageController, 'show']).as('trustee.page')

router
  .group(() => {
    router.get('/ceremony', [TrusteeApiController, 'ceremony']).as('ceremony')
    router.post('/key', [TrusteeApiController, 'key']).as('key')
    router.post('/dealing', [TrusteeApiController, 'dealing']).as('dealing')
    router.post('/review', [TrusteeApiController, 'review']).as('review')
  })
  .prefix('/api/v1/trustee')
  .as('api.v1.trustee')

await import('#trustees/start/campaign_extensions')
