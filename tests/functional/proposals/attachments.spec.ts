import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import drive from '@adonisjs/drive/services/main'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, proposalCounts, resident } from '#tests/helpers/proposals'
import { createStaff } from '#tests/helpers/staff'

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')

test.group('Proposals · attachments', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  // Files go to a throw-away disk, not storage/uploads.
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('the author attaches a photo and a PDF; SHA-256 recorded; served while visible', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'draft' })
    const photo = await expectStatus(
      client
        .post(`/ideas/${idea.id}/attachments`)
        .file('file', PNG, { filename: 'bench.png', contentType: 'image/png' })
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      201
    )
    assert.equal(photo.body().mime, 'image/png')
    await expectStatus(
      client
        .post(`/ideas/${idea.id}/attachments`)
        .file('file', PDF, { filename: 'estimate.pdf', contentType: 'application/pdf' })
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      201
    )
    const rows = await IdeaAttachment.query().where('ideaId', idea.id).orderBy('id')
    assert.lengthOf(rows, 2)
    assert.equal(rows[1].sha256, createHash('sha256').update(PDF).digest('hex'))
    // A photo is stored re-encoded (no metadata, photos.spec.ts); the digest is of the stored bytes.
    const stored = await drive.use().getBytes(rows[0].driveKey)
    assert.equal(rows[0].sha256, createHash('sha256').update(stored).digest('hex'))
    assert.equal(photo.body().sha256, rows[0].sha256)
    assert.equal(photo.body().size, stored.length)
    assert.equal(Buffer.from(stored).subarray(0, 8).compare(PNG.subarray(0, 8)), 0)

    // A draft's files: only the author.
    const url = `/ideas/${idea.id}/attachments/${rows[0].id}`
    await expectStatus(client.get(url), 404)
    const own = await expectStatus(client.get(url).loginAs(author), 200)
    assert.equal(own.header('content-type'), 'image/png')
    idea.status = 'published'
    await idea.save()
    await expectStatus(client.get(url), 200)
    await expectStatus(client.get(`/ideas/${idea.id}/attachments/99999999`), 404)
  })

  test('size and type limits; nothing stored on refusal', async ({ client, assert }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'draft' })
    const before = await proposalCounts()
    const cases: [Buffer, string, string][] = [
      [Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]), 'big.png', 'image/png'],
      [Buffer.from('MZ this is a program'), 'tool.exe', 'application/octet-stream'],
      [Buffer.from('just text pretending'), 'fake.png', 'image/png'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.svg', 'image/svg+xml'],
    ]
    for (const [bytes, filename, contentType] of cases) {
      const response = await client
        .post(`/ideas/${idea.id}/attachments`)
        .file('file', bytes, { filename, contentType })
        .accept('json')
        .withCsrfToken()
        .loginAs(author)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'file', filename)
    }
    const missing = await client
      .post(`/ideas/${idea.id}/attachments`)
      .accept('json')
      .withCsrfToken()
      .loginAs(author)
    missing.assertStatus(422)
    assert.deepEqual(await proposalCounts(), before)
  })

  test('only the author, only until review', async ({ client, assert }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'in_review' })
    const other = await resident()
    const before = await proposalCounts()
    await expectStatus(
      client
        .post(`/ideas/${idea.id}/attachments`)
        .file('file', PNG, { filename: 'a.png', contentType: 'image/png' })
        .accept('json')
        .withCsrfToken()
        .loginAs(other),
      404
    )
    await expectStatus(
      client
        .post(`/ideas/${idea.id}/attachments`)
        .file('file', PNG, { filename: 'a.png', contentType: 'image/png' })
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      409
    )
    assert.deepEqual(await proposalCounts(), before)
  })

  test("a hidden idea's files: its author and staff of its community, not staff of another", async ({
    client,
  }) => {
    const { campaign, author, other } = await ideasCampaign()
    const idea = await makeIdea(campaign, author)
    idea.merge({ status: 'hidden', hiddenReason: 'Personal data in the photo' })
    await idea.save()
    await drive.use().put(`ideas/${idea.id}/photo.png`, PNG)
    const attachment = await IdeaAttachment.create({
      ideaId: idea.id,
      driveKey: `ideas/${idea.id}/photo.png`,
      originalName: 'photo.png',
      mime: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    })
    const url = `/ideas/${idea.id}/attachments/${attachment.id}`
    const asStaff = (user: Awaited<ReturnType<typeof createStaff>>) =>
      client.get(url).withGuard('staff').loginAs(user)

    await expectStatus(client.get(url), 404)
    await expectStatus(client.get(url).loginAs(author), 200)
    await expectStatus(
      asStaff(await createStaff({ role: 'moderator', communityId: other.id })),
      404
    )
    await expectStatus(asStaff(await createStaff({ role: 'admin', communityId: other.id })), 404)
    await expectStatus(
      asStaff(await createStaff({ role: 'moderator', communityId: campaign.communityId })),
      200
    )
    await expectStatus(asStaff(await createStaff({ role: 'observer', communityId: null })), 200)
  })
})
