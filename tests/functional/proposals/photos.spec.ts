import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import drive from '@adonisjs/drive/services/main'
import Idea from '#proposals/models/idea'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { THUMB_SIZE_PX } from '#shared/images'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, proposalCounts, resident } from '#tests/helpers/proposals'
import { jpegWithGps, metadataOf, pngDeclaring } from '#tests/helpers/photos'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')

/*
| Issue #17, photos: a photo may come with a new idea; every photo is re-encoded before it is
| stored (no EXIF — no GPS position, no camera serial) and gets a WebP thumbnail served with long
| caching; what is not a decodable JPG/PNG/WebP is refused with a translated message and nothing
| is created.
*/
test.group('Proposals · photos', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('a new idea with a GPS-tagged photo: stored, served and thumbnailed without any EXIF', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const photo = await jpegWithGps()
    const before = await metadataOf(photo)
    assert.isTrue(before.gps && before.serial, 'the fixture carries GPS and the camera serial')

    const response = await expectStatus(
      client
        .post(`/campaigns/${campaign.slug}/ideas`)
        .field('title', 'A fountain in the square')
        .field('description', 'An old fountain to bring back to life for everyone.')
        .field('publish', '1')
        .file('photo', photo, { filename: 'IMG_0001.jpg', contentType: 'image/jpeg' })
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      200
    )
    const idea = await Idea.findOrFail(response.body().id)
    assert.equal(idea.status, 'published')
    const [attachment, ...more] = await IdeaAttachment.query().where('ideaId', idea.id)
    assert.lengthOf(more, 0)
    assert.equal(attachment.mime, 'image/jpeg')
    assert.equal(attachment.originalName, 'IMG_0001.jpg')
    assert.isNotNull(attachment.thumbDriveKey)

    const stored = Buffer.from(await drive.use().getBytes(attachment.driveKey))
    assert.deepEqual(await metadataOf(stored), {
      format: 'jpeg',
      width: 800,
      height: 600,
      exif: false,
      gps: false,
      xmp: false,
      serial: false,
    })
    // The digest (and the ledger record) are of the cleaned bytes that are served.
    assert.equal(attachment.sha256, sha256(stored))
    assert.equal(attachment.size, stored.length)

    const thumb = Buffer.from(await drive.use().getBytes(attachment.thumbDriveKey!))
    const thumbMeta = await metadataOf(thumb)
    assert.equal(thumbMeta.format, 'webp')
    assert.equal(thumbMeta.width, THUMB_SIZE_PX)
    assert.isFalse(thumbMeta.exif || thumbMeta.gps || thumbMeta.xmp || thumbMeta.serial)

    // The idea page shows it inline: the thumbnail URL is in the idea's attachments.
    const page = await client.get(`/ideas/${idea.id}`).withInertia()
    const [shown] = (page.inertiaProps as any).idea.attachments
    assert.equal(shown.thumbUrl, `/ideas/${idea.id}/attachments/${attachment.id}/thumb`)

    const served = await expectStatus(client.get(shown.thumbUrl), 200)
    assert.equal(served.header('content-type'), 'image/webp')
    assert.equal(served.header('cache-control'), 'public, max-age=31536000, immutable')
    assert.equal(served.header('x-content-type-options'), 'nosniff')
    assert.isUndefined(served.header('set-cookie'), 'a publicly cacheable answer sets no cookie')
    const original = await expectStatus(client.get(shown.url), 200)
    assert.equal(original.header('content-type'), 'image/jpeg')
  })

  test('photos attached later are cleaned too; documents keep their bytes and get no thumbnail', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'draft' })
    for (const [bytes, filename] of [
      [await jpegWithGps(), 'street.jpg'],
      [PDF, 'estimate.pdf'],
    ] as const) {
      await expectStatus(
        client
          .post(`/ideas/${idea.id}/attachments`)
          .file('file', bytes, { filename })
          .accept('json')
          .withCsrfToken()
          .loginAs(author),
        201
      )
    }
    const [photo, pdf] = await IdeaAttachment.query().where('ideaId', idea.id).orderBy('id')
    const stored = Buffer.from(await drive.use().getBytes(photo.driveKey))
    const meta = await metadataOf(stored)
    assert.isFalse(meta.gps || meta.exif || meta.serial)
    assert.isNull(pdf.thumbDriveKey)
    assert.equal(pdf.sha256, sha256(PDF))
    await expectStatus(
      client.get(`/ideas/${idea.id}/attachments/${pdf.id}/thumb`).loginAs(author),
      404
    )

    // A draft's thumbnail: its author only, and never cached by a shared cache.
    const url = `/ideas/${idea.id}/attachments/${photo.id}/thumb`
    await expectStatus(client.get(url), 404)
    await expectStatus(client.get(url).loginAs(await resident()), 404)
    const own = await expectStatus(client.get(url).loginAs(author), 200)
    assert.equal(own.header('cache-control'), 'private, max-age=31536000, immutable')
    assert.isDefined(own.header('set-cookie'), 'a private answer keeps the session going')
  })

  test('a new idea with a bad photo is refused with a translated message; nothing is created', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const jpeg = await jpegWithGps()
    const before = await proposalCounts()
    const cases: [Buffer, string][] = [
      [Buffer.from('just text pretending to be a photo'), 'fake.jpg'],
      [PDF, 'estimate.pdf'],
      [PDF, 'estimate.jpg'],
      // JPEG magic bytes, then garbage: sniffed as JPEG, does not decode.
      [Buffer.concat([jpeg.subarray(0, 20), Buffer.alloc(4000, 0x41)]), 'broken.jpg'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.svg'],
      // A decompression bomb: 400 megapixels declared in a few bytes.
      [await pngDeclaring(20_000), 'bomb.png'],
    ]
    const messages: Record<string, string> = {
      en: 'Only JPG, PNG and WebP photos can be added',
      uk: 'Можна додати лише фотографії JPG, PNG і WebP',
    }
    for (const [bytes, filename] of cases) {
      for (const locale of ['en', 'uk']) {
        const response = await client
          .post(`/campaigns/${campaign.slug}/ideas`)
          .field('title', 'Benches by the river')
          .field('publish', '0')
          .file('photo', bytes, { filename })
          .header('accept-language', locale)
          .accept('json')
          .withCsrfToken()
          .loginAs(author)
        response.assertStatus(422)
        const [error] = response.body().errors
        assert.equal(error.field, 'photo', filename)
        if (/\.(jpg|png)$/.test(filename)) assert.equal(error.message, messages[locale], filename)
      }
    }
    assert.deepEqual(await proposalCounts(), before)
  })

  test('an oversized body is refused with 413 before anything is created', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const before = await proposalCounts()
    const limit = app.config.get<string>('bodyparser.multipart.limit')
    app.config.set('bodyparser.multipart.limit', '64kb')
    try {
      const big = Buffer.concat([await jpegWithGps(), Buffer.alloc(200 * 1024)])
      const response = await client
        .post(`/campaigns/${campaign.slug}/ideas`)
        .field('title', 'Benches by the river')
        .file('photo', big, { filename: 'big.jpg' })
        .header('accept-language', 'ru')
        .accept('json')
        .withCsrfToken()
        .loginAs(author)
      response.assertStatus(413)
      assert.equal(response.body().error, 'payload_too_large')
      assert.match(response.body().message, /^Запрос слишком/)
    } finally {
      app.config.set('bodyparser.multipart.limit', limit)
    }
    assert.deepEqual(await proposalCounts(), before)
  })

  test('outside the ideas stage a new idea with a photo is refused and no file is read', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign({ stage: 'review' })
    const before = await proposalCounts()
    const response = await client
      .post(`/campaigns/${campaign.slug}/ideas`)
      .field('title', 'Benches by the river')
      .file('photo', await jpegWithGps(), { filename: 'a.jpg' })
      .accept('json')
      .withCsrfToken()
      .loginAs(author)
    response.assertStatus(409)
    assert.deepEqual(await proposalCounts(), before)
  })
})
