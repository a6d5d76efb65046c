import type { HttpContext } from '@adonisjs/core/http'
import Community, { COMMUNITY_KINDS } from '#communities/models/community'
import type StaffUser from '#identity/models/staff_user'
import {
  communityListValidator,
  createCommunityValidator,
  updateCommunityValidator,
} from '#communities/validators/community_validators'
import {
  createCommunity,
  deleteCommunity,
  updateCommunity,
  type SaveCommunityOutcome,
} from '#communities/actions/save_community'
import { wholeTree } from '#communities/community_tree'
import { adminScope } from '#identity/staff/staff_scope'
import { fieldError } from '#shared/field_error'

/** The community hierarchy: tree with populations, create, edit/move, delete. */
export default class CommunitiesController {
  async index({ bouncer, inertia, request, auth }: HttpContext) {
    await bouncer.authorize('viewCommunities')
    const filters = await communityListValidator.validate(request.qs())
    const scope = await adminScope(auth.use('staff').user as StaffUser)
    const tree = await wholeTree()
    const childrenSum = new Map<number, number>()
    const childrenCount = new Map<number, number>()
    for (const node of tree) {
      if (node.parentId === null) continue
      childrenSum.set(node.parentId, (childrenSum.get(node.parentId) ?? 0) + node.population)
      childrenCount.set(node.parentId, (childrenCount.get(node.parentId) ?? 0) + 1)
    }
    const search = filters.search?.toLowerCase()
    const visible = tree.filter(
      (node) =>
        !search ||
        node.name.toLowerCase().includes(search) ||
        node.code.toLowerCase().includes(search)
    )
    return inertia.render('staff/communities/index', {
      filters: { search: filters.search ?? '' },
      communities: visible.map((node) => ({
        id: node.id,
        code: node.code,
        name: node.name,
        kind: node.kind,
        depth: search ? 0 : node.depth,
        population: node.population,
        childrenPopulation: childrenSum.get(node.id) ?? 0,
        childrenCount: childrenCount.get(node.id) ?? 0,
        canManage: scope === 'all' || scope.includes(node.id),
      })),
      can: {
        create:
          (await bouncer.allows('manageCommunity', null)) || (scope !== 'all' && scope.length > 0),
        import: await bouncer.allows('importCommunities'),
      },
    })
  }

  async create({ bouncer, inertia, request, auth }: HttpContext) {
    await bouncer.authorize('viewCommunities')
    const scope = await adminScope(auth.use('staff').user as StaffUser)
    const parentId = Number(request.qs().parentId) || null
    return inertia.render('staff/communities/create', {
      kinds: COMMUNITY_KINDS,
      parents: await this.parentOptions(scope),
      canCreateRoot: scope === 'all',
      defaults: { parentId },
    })
  }

  async store(ctx: HttpContext) {
    const { bouncer, request, response, session, i18n } = ctx
    await bouncer.authorize('viewCommunities')
    const data = await request.validateUsing(createCommunityValidator)
    await bouncer.authorize('manageCommunity', data.parentId ?? null)
    const result = await createCommunity(ctx, data)
    this.failOnOutcome(ctx, result)
    if (result.outcome !== 'ok') return
    session.flash('success', i18n.t('communities.created', { name: result.community.name }))
    return response.redirect('/staff/communities')
  }

  async edit({ bouncer, inertia, params, auth }: HttpContext) {
    const community = await Community.findOrFail(params.id)
    await bouncer.authorize('manageCommunity', community.id)
    const scope = await adminScope(auth.use('staff').user as StaffUser)
    const options = await this.parentOptions(scope)
    const parents = options.filter((option) => option.id !== community.id)
    return inertia.render('staff/communities/edit', {
      community: {
        id: community.id,
        code: community.code,
        name: community.name,
        kind: community.kind,
        parentId: community.parentId,
        population: community.population,
      },
      kinds: COMMUNITY_KINDS,
      parents,
      canCreateRoot: scope === 'all',
    })
  }

  async update(ctx: HttpContext) {
    const { bouncer, request, response, session, i18n, params } = ctx
    const community = await Community.findOrFail(params.id)
    await bouncer.authorize('manageCommunity', community.id)
    const data = await request.validateUsing(updateCommunityValidator)
    const parentId = data.parentId ?? null
    if (parentId !== community.parentId) await bouncer.authorize('manageCommunity', parentId)
    const result = await updateCommunity(ctx, community.id, data)
    this.failOnOutcome(ctx, result)
    session.flash('success', i18n.t('communities.updated', { name: data.name }))
    return response.redirect('/staff/communities')
  }

  async destroy(ctx: HttpContext) {
    const { bouncer, response, session, i18n, params } = ctx
    const community = await Community.findOrFail(params.id)
    await bouncer.authorize('manageCommunity', community.id)
    const result = await deleteCommunity(ctx, community.id)
    if (result.outcome === 'ok') {
      session.flash('success', i18n.t('communities.deleted', { name: community.name }))
    } else if (result.outcome === 'has_children') {
      session.flash('error', i18n.t('communities.delete_has_children', { name: community.name }))
    } else if (result.outcome === 'referenced') {
      session.flash(
        'error',
        i18n.t('communities.delete_referenced', {
          name: community.name,
          tables: result.tables.join(', '),
        })
      )
    }
    return response.redirect('/staff/communities')
  }

  protected failOnOutcome({ i18n }: HttpContext, result: SaveCommunityOutcome) {
    if (result.outcome === 'code_taken') fieldError('code', i18n.t('communities.code_taken'))
    if (result.outcome === 'unknown_parent')
      fieldError('parentId', i18n.t('communities.unknown_parent'))
    if (result.outcome === 'cycle') fieldError('parentId', i18n.t('communities.cycle'))
    if (result.outcome === 'not_found') fieldError('parentId', i18n.t('communities.unknown_parent'))
  }

  protected async parentOptions(scope: 'all' | number[]) {
    const tree = await wholeTree()
    return tree
      .filter((node) => scope === 'all' || scope.includes(node.id))
      .map((node) => ({
        id: node.id,
        label: `${'— '.repeat(node.depth)}${node.name} (${node.code})`,
      }))
  }
}
