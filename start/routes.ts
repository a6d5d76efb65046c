/*
| Routes. Each module keeps its own routes file; this file only loads them,
| like a Decidim component registering its engine.
*/
import router from '@adonisjs/core/services/router'

const HomeController = () => import('#communities/controllers/home_controller')
const OpenApiController = () => import('#shared/controllers/openapi_controller')

router.get('/', [HomeController, 'show']).as('home')
// The OpenAPI 3.1 description of the whole JSON API (app/shared/openapi), and as a page.
router.get('/api/openapi.json', [OpenApiController, 'show']).as('api.openapi')
router.get('/developers/api', [OpenApiController, 'page']).as('developers.api')

await import('#identity/routes')
await import('#communities/routes')
await import('#campaigns/routes')
await import('#voting/routes')
await import('#proposals/routes')
await import('#implementation/routes')
await import('#outcomes/routes')
await import('#reporting/routes')
await import('#notifications/routes')
await import('#branding/routes')
await import('#ledger/routes')
await import('#reporting/results_routes')
await import('#trustees/routes')
await import('#trustees/decryption/routes')
