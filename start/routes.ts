/*
| Routes. Each module keeps its own routes file; this file only loads them,
| like a Decidim component registering its engine.
*/
import router from '@adonisjs/core/services/router'

router.on('/').renderInertia('home').as('home')

await import('#identity/routes')
await import('#communities/routes')
