import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type { Stage } from '#campaigns/stages'
import Project from '#proposals/models/project'
import ProjectImplementation from '#implementation/models/project_implementation'
import ProjectMilestone from '#implementation/models/project_milestone'
import MilestonePhoto from '#implementation/models/milestone_photo'
import { createStaff, staffRequest, auditRows } from '#tests/helpers/staff'
import { expectStatus } from '#tests/helpers/campaigns'
import { makeIdea } from '#tests/helpers/proposals'
import { PDF, PNG, fund, implementationState, resultsCampaign } from '#tests/helpers/implementation'

async function adminFixture(stage: Stage = 'results') {
  const fx = await resultsCampaign(stage)
  const admin = await createStaff({ role: 'admin', communityId: fx.city.id })
  return { ...fx, admin }
}

test.group('Implementation · funding and the stage rule', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  for (const stage of ['drafting', 'ideas', 'review', 'voting'] as Stage[]) {
    test(`no funding before results (stage ${stage})`, async ({ client, assert }) => {
      const fx = await adminFixture(stage)
      const before = await implementationState()
      const response = await staffRequest(
        client,
        'post',
        `/staff/implementation/projects/${fx.project.id}/funding`,
        fx.admin
      )
        .json({ funded: true })
        .accept('json')
      // Drafts are invisible to the module (404); published campaigns refuse with 409.
      assert.equal(response.status(), stage === 'drafting' ? 404 : 409)
      if (stage !== 'drafting') assert.equal(response.body().error, 'too_early')
      assert.deepEqual(await implementationState(), before)
      assert.lengthOf(await auditRows('project.funded', { type: 'project', id: fx.project.id }), 0)
    })
  }

  for (const stage of ['results', 'implementation', 'finished'] as Stage[]) {
    test(`an admin marks a project funded and unfunded (stage ${stage}); audited`, async ({
      client,
      assert,
    }) => {
      const fx = await adminFixture(stage)
      const url = `/staff/implementation/projects/${fx.project.id}/funding`
      await expectStatus(
        staffRequest(client, 'post', url, fx.admin).json({ funded: true }).accept('json'),
        200
      )
      await fx.project.refresh()
      assert.isTrue(fx.project.funded)
      assert.isNotNull(fx.project.fundedAt)
      const row = await ProjectImplementation.findOrFail(fx.project.id)
      assert.equal(row.status, 'planned')
      assert.equal(row.progressPercent, 0)
      const [funded] = await auditRows('project.funded', { type: 'project', id: fx.project.id })
      assert.equal(funded.actor_type, 'staff')
      assert.equal(funded.actor_id, fx.admin.id)

      await expectStatus(
        staffRequest(client, 'post', url, fx.admin).json({ funded: false }).accept('json'),
        200
      )
      await fx.project.refresh()
      assert.isFalse(fx.project.funded)
      assert.isNull(fx.project.fundedAt)
      assert.lengthOf(
        await auditRows('project.unfunded', { type: 'project', id: fx.project.id }),
        1
      )
    })
  }

  test('progress and milestones only on funded projects', async ({ client, assert }) => {
    const fx = await adminFixture()
    const before = await implementationState()
    const progress = await staffRequest(
      client,
      'put',
      `/staff/implementation/projects/${fx.project.id}/progress`,
      fx.admin
    )
      .json({ status: 'in_progress', progressPercent: 10 })
      .accept('json')
    assert.equal(progress.status(), 409)
    assert.equal(progress.body().error, 'not_funded')
    const milestone = await staffRequest(
      client,
      'post',
      `/staff/implementation/projects/${fx.project.id}/milestones`,
      fx.admin
    )
      .json({ date: '2026-05-01', description: 'Start' })
      .accept('json')
    assert.equal(milestone.status(), 409)
    assert.deepEqual(await implementationState(), before)
  })

  test('unknown project or milestone: 404 for an admin', async ({ client }) => {
    const fx = await adminFixture()
    await fund(fx.project)
    await expectStatus(
      staffRequest(client, 'get', '/staff/implementation/projects/99999999', fx.admin).accept(
        'json'
      ),
      404
    )
    await expectStatus(
      staffRequest(
        client,
        'delete',
        `/staff/implementation/projects/${fx.project.id}/milestones/99999999`,
        fx.admin
      ).accept('json'),
      404
    )
  })
})

test.group('Implementation · progress, milestones and validation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('status and progress saved and audited', async ({ client, assert }) => {
    const fx = await adminFixture()
    await fund(fx.project)
    await expectStatus(
      staffRequest(
        client,
        'put',
        `/staff/implementation/projects/${fx.project.id}/progress`,
        fx.admin
      )
        .json({ status: 'in_progress', progressPercent: 45 })
        .accept('json'),
      200
    )
    const row = await ProjectImplementation.findOrFail(fx.project.id)
    assert.equal(row.status, 'in_progress')
    assert.equal(row.progressPercent, 45)
    assert.equal(row.updatedBy, fx.admin.id)
    const [audit] = await auditRows('implementation.updated', {
      type: 'project',
      id: fx.project.id,
    })
    const changes = typeof audit.changes === 'string' ? JSON.parse(audit.changes) : audit.changes
    assert.deepEqual(changes.before, { status: 'planned', progressPercent: 0 })
    assert.deepEqual(changes.after, { status: 'in_progress', progressPercent: 45 })
  })

  test('progress out of range or a bad status: field errors, nothing changed', async ({
    client,
    assert,
  }) => {
    const fx = await adminFixture()
    await fund(fx.project)
    const url = `/staff/implementation/projects/${fx.project.id}/progress`
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'done', progressPercent: 101 }, 'progressPercent'],
      [{ status: 'done', progressPercent: -1 }, 'progressPercent'],
      [{ status: 'done', progressPercent: 12.5 }, 'progressPercent'],
      [{ status: 'finished', progressPercent: 50 }, 'status'],
      [{ status: 'done' }, 'progressPercent'],
    ]
    for (const [body, field] of cases) {
      const before = await implementationState()
      const response = await staffRequest(client, 'put', url, fx.admin).json(body).accept('json')
      assert.equal(response.status(), 422, JSON.stringify(body))
      const fields = (response.body().errors as { field: string }[]).map((error) => error.field)
      assert.include(fields, field, JSON.stringify(body))
      assert.deepEqual(await implementationState(), before)
    }
    assert.lengthOf(
      await auditRows('implementation.updated', { type: 'project', id: fx.project.id }),
      0
    )
  })

  test('the database refuses a percent out of range', async ({ assert }) => {
    const fx = await resultsCampaign()
    await fund(fx.project)
    await assert.rejects(() =>
      db
        .from('project_implementation')
        .where('project_id', fx.project.id)
        .update({ progress_percent: 101 })
    )
  })

  test('a milestone with photos: SHA-256 recorded, edited, a photo removed, then removed; audited', async ({
    client,
    assert,
  }) => {
    const fx = await adminFixture()
    await fund(fx.project)
    const base = `/staff/implementation/projects/${fx.project.id}/milestones`
    const created = await expectStatus(
      staffRequest(client, 'post', base, fx.admin)
        .field('date', '2026-05-01')
        .field('description', 'Works started')
        .file('photos[0]', PNG, { filename: 'site.png', contentType: 'image/png' })
        .file('photos[1]', PNG, { filename: 'site2.png', contentType: 'image/png' })
        .accept('json'),
      201
    )
    const milestone = await ProjectMilestone.findOrFail(created.body().id)
    assert.equal(milestone.date.toISODate(), '2026-05-01')
    assert.equal(milestone.createdBy, fx.admin.id)
    const photos = await MilestonePhoto.query().where('milestoneId', milestone.id).orderBy('id')
    assert.lengthOf(photos, 2)
    assert.equal(photos[0].sha256, createHash('sha256').update(PNG).digest('hex'))
    assert.equal(photos[0].mime, 'image/png')
    assert.isTrue(await drive.use().exists(photos[0].driveKey))
    assert.lengthOf(
      await auditRows('milestone.created', { type: 'project_milestone', id: milestone.id }),
      1
    )

    await expectStatus(
      staffRequest(client, 'put', `${base}/${milestone.id}`, fx.admin)
        .json({
          date: '2026-05-03',
          description: 'Works started (fences up)',
          removePhotoIds: [photos[0].id],
        })
        .accept('json'),
      200
    )
    await milestone.refresh()
    assert.equal(milestone.date.toISODate(), '2026-05-03')
    assert.equal(milestone.description, 'Works started (fences up)')
    assert.lengthOf(await MilestonePhoto.query().where('milestoneId', milestone.id), 1)
    assert.isFalse(await drive.use().exists(photos[0].driveKey))
    assert.lengthOf(
      await auditRows('milestone.updated', { type: 'project_milestone', id: milestone.id }),
      1
    )

    await expectStatus(
      staffRequest(client, 'delete', `${base}/${milestone.id}`, fx.admin).accept('json'),
      200
    )
    assert.isNull(await ProjectMilestone.find(milestone.id))
    assert.isFalse(await drive.use().exists(photos[1].driveKey))
    assert.lengthOf(
      await auditRows('milestone.removed', { type: 'project_milestone', id: milestone.id }),
      1
    )
  })

  test('bad dates, empty description, too-large or wrong-type photos: field errors, nothing stored', async ({
    client,
    assert,
  }) => {
    const fx = await adminFixture()
    await fund(fx.project)
    const base = `/staff/implementation/projects/${fx.project.id}/milestones`
    const jsonCases: [Record<string, unknown>, string][] = [
      [{ date: '2026-02-30', description: 'x' }, 'date'],
      [{ date: 'yesterday', description: 'x' }, 'date'],
      [{ date: '1999-12-31', description: 'x' }, 'date'],
      [{ date: '2026-05-01', description: '   ' }, 'description'],
      [{ description: 'No date' }, 'date'],
    ]
    for (const [body, field] of jsonCases) {
      const before = await implementationState()
      const response = await staffRequest(client, 'post', base, fx.admin).json(body).accept('json')
      assert.equal(response.status(), 422, JSON.stringify(body))
      assert.include(
        (response.body().errors as { field: string }[]).map((error) => error.field),
        field,
        JSON.stringify(body)
      )
      assert.deepEqual(await implementationState(), before)
    }
    const fileCases: [Buffer, string, string][] = [
      [Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]), 'big.png', 'image/png'],
      [PDF, 'plan.pdf', 'application/pdf'],
      [Buffer.from('just text pretending'), 'fake.png', 'image/png'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.svg', 'image/svg+xml'],
    ]
    for (const [bytes, filename, contentType] of fileCases) {
      const before = await implementationState()
      const response = await staffRequest(client, 'post', base, fx.admin)
        .field('date', '2026-05-01')
        .field('description', 'With a photo')
        .file('photos[0]', bytes, { filename, contentType })
        .accept('json')
      assert.equal(response.status(), 422, filename)
      const fields = (response.body().errors as { field: string }[]).map((error) => error.field)
      assert.isTrue(
        fields.some((field) => field.startsWith('photos')),
        `${filename}: ${fields.join(',')}`
      )
      assert.deepEqual(await implementationState(), before, filename)
    }
    const files = await drive.use().listAll('milestones', { recursive: true })
    assert.lengthOf([...files.objects], 0)
  })
})

test.group('Implementation · photo limits', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('at most 10 photos per milestone; the 11th is a field error and nothing is stored', async ({
    client,
    assert,
  }) => {
    const fx = await adminFixture()
    await fund(fx.project)
    const base = `/staff/implementation/projects/${fx.project.id}/milestones`
    const withPhotos = (request: ReturnType<typeof staffRequest>, count: number) => {
      for (let index = 0; index < count; index++) {
        request.file(`photos[${index}]`, PNG, {
          filename: `p${index}.png`,
          contentType: 'image/png',
        })
      }
      return request
    }
    const created = await expectStatus(
      withPhotos(
        staffRequest(client, 'post', base, fx.admin)
          .field('date', '2026-05-01')
          .field('description', 'Many photos'),
        5
      ).accept('json'),
      201
    )
    const url = `${base}/${created.body().id}`
    await expectStatus(
      withPhotos(
        staffRequest(client, 'put', url, fx.admin)
          .field('date', '2026-05-01')
          .field('description', 'Many photos'),
        5
      ).accept('json'),
      200
    )
    const before = await implementationState()
    const refused = await withPhotos(
      staffRequest(client, 'put', url, fx.admin)
        .field('date', '2026-05-02')
        .field('description', 'One too many'),
      1
    ).accept('json')
    assert.equal(refused.status(), 422)
    assert.equal(refused.body().errors[0].field, 'photos')
    assert.equal(refused.body().errors[0].rule, 'too_many_photos')
    assert.deepEqual(await implementationState(), before)
    const files = await drive.use().listAll(`milestones/${fx.project.id}`, { recursive: true })
    assert.lengthOf([...files.objects], 10)
  })
})

test.group('Implementation · public page and API', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  async function publicFixture() {
    const fx = await resultsCampaign('implementation')
    await fund(fx.project)
    await fund(fx.second)
    await ProjectImplementation.query()
      .where('projectId', fx.project.id)
      .update({ status: 'in_progress', progressPercent: 60 })
    await ProjectImplementation.query()
      .where('projectId', fx.second.id)
      .update({ status: 'cancelled', progressPercent: 10 })
    const milestone = await ProjectMilestone.create({
      projectId: fx.project.id,
      date: DateTime.fromISO('2026-06-01'),
      description: 'Equipment installed',
    })
    const key = `milestones/${fx.project.id}/test.png`
    await drive.use().put(key, PNG)
    const photo = await MilestonePhoto.create({
      milestoneId: milestone.id,
      driveKey: key,
      originalName: 'p.png',
      mime: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    })
    // A third project on the ballot, not funded: never shown.
    const idea = await makeIdea(fx.campaign, fx.author, { status: 'on_ballot' })
    const unfunded = await Project.create({
      ideaId: idea.id,
      campaignId: fx.campaign.id,
      potId: fx.pot.id,
      title: 'Not chosen',
      cost: 5,
      position: 9,
    })
    return { ...fx, milestone, photo, unfunded }
  }

  test('API: funded projects with status, progress and milestones; cancelled shown as cancelled', async ({
    client,
    assert,
  }) => {
    const fx = await publicFixture()
    const response = await expectStatus(
      client.get(`/api/v1/campaigns/${fx.campaign.id}/progress`),
      200
    )
    assert.deepEqual(response.body(), [
      {
        projectId: fx.project.id,
        title: 'Playground',
        cost: 1000,
        status: 'in_progress',
        progressPercent: 60,
        milestones: [
          {
            date: '2026-06-01',
            description: 'Equipment installed',
            photos: [`/implementation/photos/${fx.photo.id}`],
          },
        ],
      },
      {
        projectId: fx.second.id,
        title: 'Bike lanes',
        cost: 2000,
        status: 'cancelled',
        progressPercent: 10,
        milestones: [],
      },
    ])
    const photo = await expectStatus(client.get(`/implementation/photos/${fx.photo.id}`), 200)
    assert.equal(photo.header('content-type'), 'image/png')
    assert.equal(photo.header('x-content-type-options'), 'nosniff')
    await expectStatus(client.get('/api/v1/campaigns/99999999/progress'), 404)
    await expectStatus(client.get('/api/v1/campaigns/abc/progress'), 404)
  })

  test('public page: localized, every funded project, the cancelled one as cancelled', async ({
    client,
    assert,
  }) => {
    const fx = await publicFixture()
    const titles: Record<string, string> = {
      en: 'Progress of funded projects',
      ru: 'Ход реализации проектов',
      uk: 'Хід реалізації проєктів',
    }
    for (const locale of ['en', 'ru', 'uk']) {
      const page = await client
        .get(`/campaigns/${fx.campaign.slug}/progress`)
        .withInertia()
        .header('Accept-Language', locale)
      page.assertStatus(200)
      page.assertInertiaComponent('campaigns/progress')
      const projects = page.inertiaProps.projects as { projectId: number; status: string }[]
      assert.deepEqual(
        projects.map((project) => [project.projectId, project.status]),
        [
          [fx.project.id, 'in_progress'],
          [fx.second.id, 'cancelled'],
        ]
      )
      const messages = page.inertiaProps.messages as Record<string, string>
      assert.equal(messages['ui.implementation.public.title'], titles[locale])
      assert.isString(messages['ui.implementation.status.cancelled'])
    }
    const html = await expectStatus(client.get(`/campaigns/${fx.campaign.slug}/progress`), 200)
    assert.include(html.text(), 'Progress of funded projects')
    assert.include(html.text(), 'Cancelled')
    assert.include(html.text(), 'role="progressbar"')
    assert.include(html.text(), '60% complete')
  })

  test('server-rendered pages: public progress, campaign link, staff list/campaign/project', async ({
    client,
    assert,
  }) => {
    const fx = await publicFixture()
    const campaignPage = await expectStatus(client.get(`/campaigns/${fx.campaign.slug}`), 200)
    assert.include(campaignPage.text(), `/campaigns/${fx.campaign.slug}/progress`)
    const admin = await createStaff({ role: 'admin', communityId: fx.city.id })
    const observer = await createStaff({ role: 'observer', communityId: fx.city.id })
    for (const user of [admin, observer]) {
      for (const path of [
        '/staff/implementation',
        `/staff/implementation/campaigns/${fx.campaign.id}`,
        `/staff/implementation/projects/${fx.project.id}`,
        `/staff/implementation/projects/${fx.unfunded.id}`,
      ]) {
        const page = await staffRequest(client, 'get', path, user)
        assert.equal(page.status(), 200, path)
        assert.include(page.text(), 'Implementation', path)
      }
    }
    const project = await staffRequest(
      client,
      'get',
      `/staff/implementation/projects/${fx.project.id}`,
      admin
    )
    assert.include(project.text(), 'Equipment installed')
    assert.include(project.text(), 'type="file"')
    const readOnly = await staffRequest(
      client,
      'get',
      `/staff/implementation/projects/${fx.project.id}`,
      observer
    )
    assert.notInclude(readOnly.text(), 'type="file"')
  })

  test('unfunded projects photos and draft campaigns stay hidden', async ({ client }) => {
    const fx = await publicFixture()
    fx.project.funded = false
    fx.project.fundedAt = null
    await fx.project.save()
    await expectStatus(client.get(`/implementation/photos/${fx.photo.id}`), 404)
    fx.campaign.stage = 'drafting'
    await fx.campaign.save()
    await expectStatus(client.get(`/campaigns/${fx.campaign.slug}/progress`), 404)
    await expectStatus(client.get(`/api/v1/campaigns/${fx.campaign.id}/progress`), 404)
  })
})
