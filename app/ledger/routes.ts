import router from '@adonisjs/core/services/router'

const GenesisController = () => import('#ledger/controllers/genesis_controller')

router.get('/api/v1/ledger/genesis', [GenesisController, 'show']).as('ledger.genesis')
