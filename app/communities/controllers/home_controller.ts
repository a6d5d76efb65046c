import type { HttpContext } from '@adonisjs/core/http'
import Community from '#communities/models/community'

/** The residents' front page: the city this platform serves and what is open now. */
export default class HomeController {
  async show({ inertia }: HttpContext) {
    const city = await Community.query().where('kind', 'city').orderBy('id').first()
    const districts = city
      ? await Community.query()
          .where('parentId', city.id)
          .where('kind', 'district')
          .count('* as total')
      : []
    return inertia.render('home', {
      city: city
        ? {
            name: city.name,
            population: city.population,
            districts: Number(districts[0]?.$extras.total ?? 0),
          }
        : null,
    })
  }
}
