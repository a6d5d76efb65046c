import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import drive from '@adonisjs/drive/services/main'
import { ideasCampaign, makeIdea, proposalCounts, resident } from '#tests/helpers/proposals'

/*
| Issue #13 "Uploads": multipart is read only by upload routes, after authorization and CSRF, and
| every temporary file is gone when the request has been answered. The server runs in this process,
| so pointing TMPDIR at a fresh folder shows every file the body parser or an upload writes.
*/
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)

let tmp = ''

async function filesInTmp(): Promise<string[]> {
  const entries = await readdir(tmp, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name)
}

test.group('Uploads · where multipart is read', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    drive.fake('fs')
    const previous = process.env.TMPDIR
    tmp = await mkdtemp(join(tmpdir(), 'upload-intake-'))
    process.env.TMPDIR = tmp
    return async () => {
      if (previous === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = previous
      drive.restore('fs')
      await rm(tmp, { recursive: true, force: true })
    }
  })

  test('a route that takes no files refuses multipart with a translated 415; nothing written', async ({
    client,
    assert,
  }) => {
    const json = await client
      .post('/staff/login')
      .field('email', 'someone@example.org')
      .file('file', PNG, { filename: 'a.png', contentType: 'image/png' })
      .header('accept-language', 'ru')
      .accept('json')
      .withCsrfToken()
    json.assertStatus(415)
    assert.equal(json.body().error, 'unsupported_media_type')
    assert.equal(json.body().message, 'Эта форма не принимает такие данные')

    const page = await client
      .post('/staff/login')
      .file('file', PNG, { filename: 'a.png', contentType: 'image/png' })
      .header('referer', '/staff/login')
      .header('accept-language', 'ru')
      .header('x-inertia', 'true')
      .withCsrfToken()
      .redirects(0)
    assert.include([302, 303], page.status())
    assert.equal(page.header('location'), '/staff/login')
    assert.equal(page.flashMessages().error, 'Эта форма не принимает такие данные')
    assert.deepEqual(await filesInTmp(), [])
  })

  test('an upload route writes nothing for an anonymous, a stranger or a request without CSRF token', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'draft' })
    const stranger = await resident()
    const url = `/ideas/${idea.id}/attachments`
    const file = { filename: 'a.png', contentType: 'image/png' }

    const anonymous = await client
      .post(url)
      .file('file', PNG, file)
      .accept('json')
      .withCsrfToken()
      .redirects(0)
    assert.include([302, 401], anonymous.status())
    const other = await client
      .post(url)
      .file('file', PNG, file)
      .accept('json')
      .withCsrfToken()
      .loginAs(stranger)
    other.assertStatus(404)
    const noToken = await client
      .post(url)
      .file('file', PNG, file)
      .accept('json')
      .loginAs(author)
      .redirects(0)
    // Shield refuses it (a redirect back with "page expired", or 403 for JSON clients).
    assert.include([302, 403], noToken.status())
    assert.deepEqual(await filesInTmp(), [])
  })

  test('temporary files are removed after a 422 and after a success', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'draft' })
    const before = await proposalCounts()
    const refused = await client
      .post(`/ideas/${idea.id}/attachments`)
      .file('file', Buffer.from('just text pretending'), {
        filename: 'fake.png',
        contentType: 'image/png',
      })
      .accept('json')
      .withCsrfToken()
      .loginAs(author)
    refused.assertStatus(422)
    assert.deepEqual(await proposalCounts(), before)
    assert.deepEqual(await filesInTmp(), [])

    const stored = await client
      .post(`/ideas/${idea.id}/attachments`)
      .file('file', PNG, { filename: 'a.png', contentType: 'image/png' })
      .accept('json')
      .withCsrfToken()
      .loginAs(author)
    stored.assertStatus(201)
    assert.deepEqual(await filesInTmp(), [])
  })

  test('an upload over the limit: translated 413 as JSON, a flash error for a page', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'draft' })
    const limit = app.config.get<string>('bodyparser.multipart.limit')
    app.config.set('bodyparser.multipart.limit', '64kb')
    try {
      const big = Buffer.concat([PNG, Buffer.alloc(200 * 1024)])
      const json = await client
        .post(`/ideas/${idea.id}/attachments`)
        .file('file', big, { filename: 'big.png', contentType: 'image/png' })
        .header('accept-language', 'uk')
        .accept('json')
        .withCsrfToken()
        .loginAs(author)
      json.assertStatus(413)
      assert.equal(json.body().error, 'payload_too_large')
      assert.match(json.body().message, /^Запит завеликий/)

      const page = await client
        .post(`/ideas/${idea.id}/attachments`)
        .file('file', big, { filename: 'big.png', contentType: 'image/png' })
        .header('referer', `/ideas/${idea.id}/edit`)
        .header('accept-language', 'uk')
        .header('x-inertia', 'true')
        .withCsrfToken()
        .loginAs(author)
        .redirects(0)
      assert.include([302, 303], page.status())
      assert.equal(page.header('location'), `/ideas/${idea.id}/edit`)
      assert.match(String(page.flashMessages().error), /^Запит завеликий/)
      assert.deepEqual(await filesInTmp(), [])
    } finally {
      app.config.set('bodyparser.multipart.limit', limit)
    }
  })
})
