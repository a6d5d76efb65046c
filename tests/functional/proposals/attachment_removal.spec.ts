import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type Idea from '#proposals/models/idea'
import IdeaAttachment from '#proposals/models/idea_attachment'
import { smsOutbox } from '#identity/sms/sms_outbox'
import { expectStatus } from '#tests/helpers/campaigns'
import { ideasCampaign, makeIdea, proposalCounts, resident } from '#tests/helpers/proposals'
import { auditRows, createStaff, staffRequest } from '#tests/helpers/staff'

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)

/** A stored attachment: the file on the (fake) disk and its row. */
async function attach(idea: Idea, name = 'photo.png') {
  const key = `ideas/${idea.id}/${name}`
  await drive.use().put(key, PNG)
  return IdeaAttachment.create({
    ideaId: idea.id,
    driveKey: key,
    originalName: name,
    mime: 'image/png',
    size: PNG.length,
    sha256: 'a'.repeat(64),
  })
}

const exists = (attachment: IdeaAttachment) => drive.use().exists(attachment.driveKey)

test.group('Proposals · removing attachments', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })
  group.each.setup(() => smsOutbox.clear())

  test('the author removes a file while the idea is editable; the file leaves the disk', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'published' })
    const kept = await attach(idea, 'kept.png')
    const removed = await attach(idea, 'removed.png')
    await expectStatus(
      client
        .delete(`/ideas/${idea.id}/attachments/${removed.id}`)
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      204
    )
    assert.isNull(await IdeaAttachment.find(removed.id))
    assert.isFalse(await exists(removed))
    assert.isTrue(await exists(kept))
    const [row] = await auditRows('idea.attachment_removed', { type: 'idea', id: idea.id })
    assert.equal(row.actor_type, 'resident')
    assert.equal(row.actor_id, author.id)
    assert.equal(row.changes.before.name, 'removed.png')
    assert.equal(row.changes.after.by, 'author')
    // The author removing their own file is not news to them.
    assert.lengthOf(await db.from('resident_notifications').where('idea_id', idea.id), 0)
    // Removing it again: 404.
    await expectStatus(
      client
        .delete(`/ideas/${idea.id}/attachments/${removed.id}`)
        .accept('json')
        .withCsrfToken()
        .loginAs(author),
      404
    )
  })

  test('others, other ideas, ideas in review and closed stages: refused, nothing removed', async ({
    client,
    assert,
  }) => {
    const { campaign, author } = await ideasCampaign()
    const idea = await makeIdea(campaign, author, { status: 'published' })
    const inReview = await makeIdea(campaign, author, { status: 'in_review' })
    const file = await attach(idea)
    const reviewedFile = await attach(inReview)
    const stranger = await resident()
    const send = (ideaId: number, attachmentId: number, as = author) =>
      client
        .delete(`/ideas/${ideaId}/attachments/${attachmentId}`)
        .accept('json')
        .withCsrfToken()
        .loginAs(as)
    const before = await proposalCounts()
    await expectStatus(send(idea.id, file.id, stranger), 404)
    await expectStatus(send(inReview.id, file.id), 404)
    await expectStatus(send(inReview.id, reviewedFile.id), 409)
    // Signed out: to the sign-in page; without the CSRF token: refused (nothing removed below).
    await expectStatus(
      client.delete(`/ideas/${idea.id}/attachments/${file.id}`).withCsrfToken().redirects(0),
      302
    )
    const noToken = await client
      .delete(`/ideas/${idea.id}/attachments/${file.id}`)
      .loginAs(author)
      .redirects(0)
    assert.notEqual(noToken.status(), 204)
    campaign.stage = 'review'
    await campaign.save()
    await expectStatus(send(idea.id, file.id), 409)
    assert.deepEqual(await proposalCounts(), before)
    assert.isTrue(await exists(file))
    assert.isTrue(await exists(reviewedFile))
  })

  test('a moderator removes a file with a reason the author is told; staff roles checked', async ({
    client,
    assert,
  }) => {
    const { campaign, city, other, author } = await ideasCampaign({ stage: 'review' })
    const idea = await makeIdea(campaign, author, { status: 'in_review' })
    const file = await attach(idea, 'offensive.png')
    const path = `/staff/proposals/ideas/${idea.id}/attachments/${file.id}`
    const before = await proposalCounts()
    for (const role of ['expert', 'observer', 'terminal'] as const) {
      const member = await createStaff({ role, communityId: city.id })
      await expectStatus(
        staffRequest(client, 'delete', path, member).json({ reason: 'Offensive' }).accept('json'),
        403
      )
    }
    const outsider = await createStaff({ role: 'moderator', communityId: other.id })
    await expectStatus(
      staffRequest(client, 'delete', path, outsider).json({ reason: 'Offensive' }).accept('json'),
      403
    )
    const moderator = await createStaff({ role: 'moderator', communityId: city.id })
    await expectStatus(
      staffRequest(client, 'delete', path, moderator).json({ reason: '' }).accept('json'),
      422
    )
    assert.deepEqual(await proposalCounts(), before)
    assert.isTrue(await exists(file))

    await expectStatus(
      staffRequest(client, 'delete', path, moderator)
        .json({ reason: 'Shows a private car number' })
        .accept('json'),
      200
    )
    assert.isNull(await IdeaAttachment.find(file.id))
    assert.isFalse(await exists(file))
    const [moderation] = await db
      .from('idea_moderations')
      .where('idea_id', idea.id)
      .where('action', 'remove_attachment')
    assert.equal(moderation.reason, 'Shows a private car number')
    assert.equal(moderation.attachment_name, 'offensive.png')
    const notices = await db.from('resident_notifications').where('idea_id', idea.id)
    assert.lengthOf(notices, 1)
    assert.equal(notices[0].kind, 'attachment_removed')
    const texts = smsOutbox.for(author.phoneE164)
    assert.lengthOf(texts, 1)
    assert.include(texts[0].text, 'Shows a private car number')
    const [row] = await auditRows('idea.attachment_removed', { type: 'idea', id: idea.id })
    assert.equal(row.actor_type, 'staff')
    assert.equal(row.changes.after.reason, 'Shows a private car number')

    // The author reads the reason on "my ideas".
    const mine = await expectStatus(client.get('/my/ideas').withInertia().loginAs(author), 200)
    const texts2 = (mine.inertiaProps.notices as { text: string }[]).map((n) => n.text)
    assert.isTrue(texts2.some((text) => text.includes('Shows a private car number')))

    // Already removed: 404.
    await expectStatus(
      staffRequest(client, 'delete', path, moderator).json({ reason: 'Again' }).accept('json'),
      404
    )
  })
})
