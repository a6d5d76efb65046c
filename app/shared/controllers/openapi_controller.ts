import type { HttpContext } from '@adonisjs/core/http'
import { publicApiDocument } from '#shared/openapi/public_api_document'

/** GET /api/openapi.json — the OpenAPI 3.1 description of the public JSON API. */
export default class OpenApiController {
  async show({ response }: HttpContext) {
    response.header('Cache-Control', 'public, max-age=300')
    return response.json(publicApiDocument)
  }
}
