/*
| Staff screens of the communities module (all behind staffAuth; each action
| authorizes with Bouncer in the controller).
*/
import router from '@adonisjs/core/services/router'
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
    router
      .get('/:id/edit', [CommunitiesController, 'edit'])
      .as('edit')
      .where('id', router.matchers.number())
    router
      .put('/:id', [CommunitiesController, 'update'])
      .as('update')
      .where('id', router.matchers.number())
    router
      .delete('/:id', [CommunitiesController, 'destroy'])
      .as('destroy')
      .where('id', router.matchers.number())
  })
  .prefix('/staff/communities')
  .as('staff.communities')
  .use(middleware.staffAuth())
