import { test } from '@japa/runner'

test.group('Home page', () => {
  test('renders on the server in the requested language', async ({ client, assert }) => {
    const english = await client.get('/')
    english.assertStatus(200)
    assert.include(english.text(), 'Decide together')

    const russian = await client.get('/').header('Accept-Language', 'ru-RU,ru;q=0.9')
    assert.include(russian.text(), 'Решаем вместе')

    const ukrainian = await client.get('/').qs({ lang: 'uk' })
    assert.include(ukrainian.text(), 'Вирішуємо разом')
  })

  test('the language switcher remembers the choice in a cookie', async ({ client, assert }) => {
    const response = await client.get('/locale/ru').redirects(0)
    response.assertStatus(302)
    assert.match(String(response.header('set-cookie')), /(^|,)\s*locale=ru;/)

    const ignored = await client.get('/locale/xx').redirects(0)
    assert.notMatch(String(ignored.header('set-cookie') ?? ''), /locale=/)
  })

  test('the language switcher goes back only to a page of this same origin', async ({
    client,
    assert,
  }) => {
    const origin = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}`
    const back = async (referer: string) => {
      const response = await client.get('/locale/uk').header('referer', referer).redirects(0)
      response.assertStatus(302)
      return response.header('location')
    }
    assert.equal(await back(`${origin}/campaigns/7?tab=pots#x`), '/campaigns/7?tab=pots')
    assert.equal(await back(`${origin}/sign-in?next=%2Fvote`), '/sign-in?next=%2Fvote')
    // Starts with our origin string, but is another host.
    assert.equal(await back(`${origin}.evil.example/phish`), '/')
    assert.equal(await back(`${origin}@evil.example/phish`), '/')
    assert.equal(await back('https://evil.example/phish'), '/')
    assert.equal(await back(`${origin}//evil.example/phish`), '/')
    assert.equal(await back('not a url'), '/')
  })

  test('unknown pages answer a localized 404', async ({ client, assert }) => {
    const response = await client.get('/no-such-page').header('Accept-Language', 'uk')
    response.assertStatus(404)
    assert.include(response.text(), 'Сторінку не знайдено')
  })
})
