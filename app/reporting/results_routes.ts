/*
| Public results routes of the reporting module: the results page, its embeddable twin and the
| JSON API of protocol.md.
*/
import router from '@adonisjs/core/services/router'

const ResultsController = () => import('#reporting/controllers/results_controller')

router.get('/campaigns/:slug/results', [ResultsController, 'page']).as('campaigns.results')
router
  .get('/embed/campaigns/:slug/results', [ResultsController, 'embed'])
  .as('embed.campaigns.results')
router
  .get('/api/v1/campaigns/:id/results', [ResultsController, 'api'])
  .as('api.v1.campaigns.results')
