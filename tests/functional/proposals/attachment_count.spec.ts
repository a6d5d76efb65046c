import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import drive from '@adonisjs/drive/services/main'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { ATTACHMENTS_PER_IDEA_MAX } from '#proposals/services/attachments'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, proposalCounts } from '#tests/helpers/proposals'

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)

test.group('Proposals · at most 10 attachments per idea', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('the eleventh file is refused with a field error; nothing is stored', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'published' })
    for (let index = 0; index < ATTACHMENTS_PER_IDEA_MAX - 1; index++) {
      await IdeaAttachment.create({
        ideaId: idea.id,
        driveKey: `ideas/${idea.id}/existing-${index}.png`,
        originalName: `existing-${index}.png`,
        mime: 'image/png',
        size: PNG.length,
        sha256: 'c'.repeat(64),
      })
    }
    const upload = () =>
      client
        .post(`/ideas/${idea.id}/attachments`)
        .file('file', PNG, { filename: 'one-more.png', contentType: 'image/png' })
        .accept('json')
        .withCsrfToken()
        .loginAs(author)
    await expectStatus(upload(), 201)
    const before = await proposalCounts()
    const refused = await expectStatus(upload(), 422)
    assert.equal(refused.body().errors[0].field, 'file')
    assert.include(refused.body().errors[0].message, String(ATTACHMENTS_PER_IDEA_MAX))
    assert.deepEqual(await proposalCounts(), before)
    // The refused upload's photo and thumbnail were stored first and then deleted again: only the
    // accepted one's remain on the disk.
    const accepted = await IdeaAttachment.query()
      .where('ideaId', idea.id)
      .whereNotNull('thumbDriveKey')
      .firstOrFail()
    const files = await drive.use().listAll(`ideas/${idea.id}`, { recursive: true })
    assert.sameMembers(
      [...files.objects].map((file) => ('key' in file ? file.key : '')),
      [accepted.driveKey, accepted.thumbDriveKey]
    )
  })
})
