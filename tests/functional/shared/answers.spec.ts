/*
| The shared controller kit (#shared/controllers/responses) gives every module the same answers.
| One implementation route and one proposals route each get the same bad input three ways:
| as a page form, as a JSON client, and (for their public APIs) under /api/.
*/
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import drive from '@adonisjs/drive/services/main'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import { createStaff, staffRequest } from '#tests/helpers/staff'
import { ideasCampaign, makeIdea } from '#tests/helpers/proposals'
import { fund, PDF, resultsCampaign } from '#tests/helpers/implementation'

const BACK = '/staff/the-form-page'

/** Both modules' routes that refuse (409) and that fail a field after validation (action errors). */
async function fixture(client: ApiClient) {
  const tracked = await resultsCampaign()
  const trackingAdmin = await createStaff({ role: 'admin', communityId: tracked.city.id })
  await fund(tracked.second)
  const proposed = await ideasCampaign()
  const idea = await makeIdea(proposed.campaign, proposed.author, { status: 'published' })
  const moderator = await createStaff({ role: 'moderator', communityId: proposed.city.id })
  const progress = `/staff/implementation/projects/${tracked.project.id}/progress`
  const milestones = `/staff/implementation/projects/${tracked.second.id}/milestones`
  return {
    refusals: [
      {
        module: 'implementation',
        key: 'not_funded',
        // progress of a project that is not funded
        send: () =>
          staffRequest(client, 'put', progress, trackingAdmin).form({
            status: 'in_progress',
            progressPercent: 10,
          }),
      },
      {
        module: 'proposals',
        key: 'wrong_status',
        // showing again an idea that is not hidden
        send: () =>
          staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/unhide`, moderator).form({
            reason: 'Looks fine',
          }),
      },
    ],
    fieldErrors: [
      {
        field: 'photos.0',
        // a PDF as a milestone photo (the real type is checked in the controller)
        send: () =>
          staffRequest(client, 'post', milestones, trackingAdmin)
            .field('date', '2026-05-01')
            .field('description', 'Works started')
            .file('photos[0]', PDF, { filename: 'plan.pdf', contentType: 'image/png' }),
      },
      {
        field: 'intoId',
        // merging an idea into itself (refused by the action)
        send: () =>
          staffRequest(client, 'post', `/staff/proposals/ideas/${idea.id}/merge`, moderator).form({
            intoId: idea.id,
            reason: 'Same idea',
          }),
      },
    ],
  }
}

const asForm = (request: ApiRequest) => request.header('Referer', BACK)

test.group('Shared answers · implementation and proposals answer bad input alike', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('a refusal: a form gets a flash and a redirect back, a JSON client 409 {error, message}', async ({
    client,
    assert,
  }) => {
    const { refusals } = await fixture(client)
    for (const refusal of refusals) {
      const json = await refusal.send().accept('json')
      assert.equal(json.status(), 409, refusal.module)
      assert.deepEqual(Object.keys(json.body()).sort(), ['error', 'message'], refusal.module)
      assert.equal(json.body().error, refusal.key, refusal.module)

      const form = await asForm(refusal.send())
      assert.equal(form.status(), 302, refusal.module)
      assert.equal(form.header('location'), BACK, refusal.module)
      assert.equal(form.flashMessages().error, json.body().message, refusal.module)
    }
  })

  test('an action field error: a form gets it flashed back, a JSON client 422 with the field', async ({
    client,
    assert,
  }) => {
    const { fieldErrors } = await fixture(client)
    for (const fieldError of fieldErrors) {
      const json = await fieldError.send().accept('json')
      assert.equal(json.status(), 422, fieldError.field)
      const errors = json.body().errors as { field: string; message: string }[]
      assert.deepEqual(
        errors.map((error) => error.field),
        [fieldError.field]
      )

      const form = await asForm(fieldError.send())
      assert.equal(form.status(), 302, fieldError.field)
      assert.equal(form.header('location'), BACK, fieldError.field)
      assert.deepEqual(
        form.flashMessages().inputErrorsBag,
        { [fieldError.field]: [errors[0].message] },
        fieldError.field
      )
    }
  })

  test('/api/: bad input gets JSON with its status whatever the Accept header says', async ({
    client,
    assert,
  }) => {
    const { campaign } = await resultsCampaign()
    const missing = [
      '/api/v1/campaigns/999999999/progress',
      '/api/v1/campaigns/999999999/projects',
      `/api/v1/campaigns/abc/progress`,
      `/api/v1/campaigns/abc/projects`,
    ]
    for (const path of missing) {
      const response = await client.get(path).header('Accept', 'text/html')
      assert.equal(response.status(), 404, path)
      assert.equal(response.body().error, 'not_found', path)
      assert.isString(response.body().message, path)
    }
    const badQuery = await client
      .get(`/api/v1/campaigns/${campaign.id}/projects`)
      .qs({ sort: 'cheapest' })
      .header('Accept', 'text/html')
    assert.equal(badQuery.status(), 422)
    assert.equal(badQuery.body().error, 'validation_failed')
    assert.include(
      (badQuery.body().details as { field: string }[]).map((error) => error.field),
      'sort'
    )
  })
})
