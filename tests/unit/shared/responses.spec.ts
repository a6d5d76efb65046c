import { test } from '@japa/runner'
import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { responsesFor, wantsJson } from '#shared/controllers/responses'

interface Request {
  url: string
  accept: 'html' | 'json'
  inertia?: boolean
}

/** Just enough of an HttpContext to see what a controller answer does. */
function fakeContext({ url, accept, inertia = false }: Request) {
  const seen: {
    status?: number
    body?: unknown
    redirectedBack: boolean
    flash: Record<string, string>
  } = { redirectedBack: false, flash: {} }
  const response = {
    status(code: number) {
      seen.status = code
      return response
    },
    send(body: unknown) {
      seen.body = body
      return response
    },
    redirect: () => ({
      back() {
        seen.redirectedBack = true
        return response
      },
    }),
  }
  const ctx = {
    request: {
      url: () => url,
      accepts: () => accept,
      header: (name: string) => (name === 'x-inertia' && inertia ? 'true' : undefined),
    },
    response,
    session: { flash: (key: string, message: string) => (seen.flash[key] = message) },
    i18n: { t: (key: string, values: object = {}) => `${key}${JSON.stringify(values)}` },
  }
  return { ctx: ctx as unknown as HttpContext, seen }
}

test.group('Shared controller answers', () => {
  test('JSON for every /api/ request and for non-Inertia requests preferring JSON', ({
    assert,
  }) => {
    const cases: [Request, boolean][] = [
      [{ url: '/api/v1/campaigns/1/progress', accept: 'html' }, true],
      [{ url: '/api/v1/campaigns/1/progress', accept: 'html', inertia: true }, true],
      [{ url: '/staff/implementation/projects/1/progress', accept: 'json' }, true],
      [{ url: '/staff/implementation/projects/1/progress', accept: 'html' }, false],
      [{ url: '/staff/proposals/ideas/1/hide', accept: 'json', inertia: true }, false],
      [{ url: '/apiary', accept: 'html' }, false],
    ]
    for (const [request, json] of cases) {
      assert.equal(wantsJson(fakeContext(request).ctx.request), json, JSON.stringify(request))
    }
  })

  test('refuse: the same answer from every module, JSON under /api/ even for an HTML client', ({
    assert,
  }) => {
    for (const module of ['implementation', 'proposals', 'campaigns']) {
      const api = fakeContext({ url: '/api/v1/x', accept: 'html' })
      responsesFor(module).refuse(api.ctx, 'closed', 403, { stage: 'voting' })
      assert.equal(api.seen.status, 403)
      assert.deepEqual(api.seen.body, {
        error: 'closed',
        message: `${module}.refusals.closed{"stage":"voting"}`,
      })
      assert.isFalse(api.seen.redirectedBack)
      assert.deepEqual(api.seen.flash, {})

      const form = fakeContext({ url: '/staff/x', accept: 'html' })
      responsesFor(module).refuse(form.ctx, 'closed')
      assert.isTrue(form.seen.redirectedBack)
      assert.deepEqual(form.seen.flash, { error: `${module}.refusals.closed{}` })
      assert.isUndefined(form.seen.body)
    }
  })

  test('backWith: {ok, message} for JSON, a success flash and a redirect back for pages', ({
    assert,
  }) => {
    const json = fakeContext({ url: '/staff/x', accept: 'json' })
    responsesFor('implementation').backWith(json.ctx, 'funded')
    assert.deepEqual(json.seen.body, { ok: true, message: 'implementation.flash.funded{}' })
    assert.isFalse(json.seen.redirectedBack)

    const page = fakeContext({ url: '/staff/x', accept: 'html', inertia: true })
    responsesFor('proposals').backWith(page.ctx, 'approved', { title: 'Park' })
    assert.deepEqual(page.seen.flash, { success: 'proposals.flash.approved{"title":"Park"}' })
    assert.isTrue(page.seen.redirectedBack)
  })

  test("failWith: a validation error with the module's localized messages", ({ assert }) => {
    const { ctx } = fakeContext({ url: '/staff/x', accept: 'html' })
    try {
      responsesFor('proposals').failWith(ctx, [
        { field: 'intoId', rule: 'merge_self' },
        { field: 'files', rule: 'too_many_files', meta: { max: 5 } },
      ])
      assert.fail('failWith must throw')
    } catch (error) {
      assert.instanceOf(error, vineErrors.E_VALIDATION_ERROR)
      assert.deepEqual((error as InstanceType<typeof vineErrors.E_VALIDATION_ERROR>).messages, [
        { field: 'intoId', rule: 'merge_self', message: 'proposals.errors.merge_self{}' },
        {
          field: 'files',
          rule: 'too_many_files',
          message: 'proposals.errors.too_many_files{"max":5}',
        },
      ])
    }
  })
})
