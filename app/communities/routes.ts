/*
| Staff screens of the communities module (all behind staffAuth; each action
| authorizes with Bouncer in the controller).
*/
import router from '@adonisjs/core/services/router'
import { ROW_ID_MATCHER } from '#shared/row_id'
import { acceptsUploads } from '#shared/upload_intake'
import { middleware } from '#start/kernel'

const CommunitiesController = () => import('#communities/controllers/communities_controller')
const CommunityImportsController = () =>
  import('#communities/controllers/community_imports_controller')

router
  .group(() => {
    router.get('/', [CommunitiesController, 'index']).as('index')
    router.get('/create', [CommunitiesController, 'create']).as('create')
    router.post('/', [CommunitiesController, 'store']).as('store')
    router.get('/import', [CommunityImportsController, 'create']).as('import.create')
    acceptsUploads(router.post('/import', [CommunityImportsController, 'store']).as('import.store'))
    router.get('/:id/edit', [CommunitiesController, 'edit']).as('edit').where('id', ROW_ID_MATCHER)
    router.put('/:id', [CommunitiesController, 'update']).as('update').where('id', ROW_ID_MATCHER)
    router
      .delete('/:id', [CommunitiesController, 'destroy'])
      .as('destroy')
      .where('id', ROW_ID_MATCHER)
  })
  .prefix('/staff/communities')
  .as('staff.communities')
  .use(middleware.staffAuth())
