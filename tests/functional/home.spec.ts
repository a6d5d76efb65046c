import { test } from '@japa/runner'

test.group('Home page', () => {
  test('renders on the server in the requested language', async ({ client, assert }) => {
    const english = await client.get('/')
    english.assertStatus(200)
    assert.include(english.text(), 'Decide together')

    const russian = await client.get('/').header('Accept-Language', 'ru-RU,ru;q=0.9')
    assert.include(russian.text(), 'Решаем вместе')

    const ukrainian = await client.get('/').withPlainCookie('locale', 'uk')
    assert.include(ukrainian.text(), 'Вирішуємо разом')
  })

  test('unknown pages answer a localized 404', async ({ client, assert }) => {
    const response = await client.get('/no-such-page').header('Accept-Language', 'uk')
    response.assertStatus(404)
    assert.include(response.text(), 'Сторінку не знайдено')
  })
})
