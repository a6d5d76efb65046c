import type { HttpContext } from '@adonisjs/core/http'
import { apiDocument } from '#shared/openapi/api_document'

export default class OpenApiController {
  /** GET /api/openapi.json — the OpenAPI 3.1 description of the whole JSON API. */
  async show({ response }: HttpContext) {
    response.header('Cache-Control', 'public, max-age=300')
    return response.json(apiDocument)
  }

  /** GET /developers/api — the same document as a page (rendered in the browser, no CDN). */
  async page({ inertia }: HttpContext) {
    return inertia.render('developers/api', { document: apiDocument })
  }
}
