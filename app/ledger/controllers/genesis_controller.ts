import type { HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'
import { ledgerClient } from '#ledger/ledger'

/** `GET /api/v1/ledger/genesis` (protocol.md): the genesis file the app trusts. */
export default class GenesisController {
  async show({ response }: HttpContext) {
    try {
      const genesis = await ledgerClient().genesis()
      response.header('cache-control', 'public, max-age=300')
      return response.ok(genesis)
    } catch (error) {
      logger.error({ err: error }, 'ledger genesis unavailable')
      return response.serviceUnavailable({
        error: 'ledger_unavailable',
        message: 'The ledger genesis is not available.',
      })
    }
  }
}
