import { test } from '@japa/runner'
import { createStaff, staffRequest } from '#tests/helpers/staff'

/*
| Issue #17 (weight): a page is sent only the messages its own files name
| (`#shared/page_messages`, resources/page_keys.json), in the visitor's language.
*/
test.group('Messages per page (HTTP)', () => {
  test('the home page carries its own messages in the visitor language, not the whole catalogue', async ({
    client,
    assert,
  }) => {
    for (const [locale, skip] of [
      ['en', 'Skip to content'],
      ['ru', 'Перейти к содержанию'],
      ['uk', 'Перейти до змісту'],
    ]) {
      const page = await client.get('/').header('Accept-Language', locale).withInertia()
      page.assertStatus(200)
      page.assertInertiaComponent('home')
      const messages = page.inertiaProps.messages as Record<string, string>
      assert.equal(messages['ui.layout.skip_to_content'], skip, locale)
      assert.isString(messages['ui.home.title'])
      assert.isBelow(Object.keys(messages).length, 60)
      assert.notProperty(messages, 'ui.staff.audit.title')
      assert.notProperty(messages, 'ui.voting.errors.generic')
    }
  })

  test('a staff page: its own messages, the navigation labels already translated', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const page = await staffRequest(client, 'get', '/staff/audit', admin)
      .header('Accept-Language', 'ru')
      .withInertia()
    page.assertStatus(200)
    const { messages, staffNav } = page.inertiaProps as {
      messages: Record<string, string>
      staffNav: { href: string; label: string }[]
    }
    assert.equal(messages['ui.staff.audit.title'], 'Журнал действий')
    assert.notProperty(messages, 'ui.campaigns.census.title')
    assert.deepInclude(staffNav, { href: '/staff/audit', label: 'Журнал действий' })
    assert.notInclude(staffNav.map((item) => item.label).join(' '), 'ui.')
  })
})
