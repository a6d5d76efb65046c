import { test } from '@japa/runner'
import { get } from 'node:http'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import { resetReadModels } from '#tests/helpers/ledger'
import { resultsFixture } from '#tests/helpers/results'

/*
| Production weight (app/middleware/compression_middleware.ts, config/static.ts): text answers
| compressed with what the client accepts, hashed build assets cached for a year. Raw HTTP, so
| the bytes on the wire are what is checked (the API client would decompress them).
*/
interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

function rawGet(path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    get(
      `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}${path}`,
      { headers },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          })
        )
        response.on('error', reject)
      }
    ).on('error', reject)
  })
}

test.group('Compression and caching', (group) => {
  group.each.setup(() => resetReadModels())

  test('pages and JSON are brotli or gzip as the client accepts, plain otherwise', async ({
    assert,
  }) => {
    const fx = await resultsFixture()
    const page = `/campaigns/${fx.campaign.slug}/results`

    const br = await rawGet(page, { 'accept-encoding': 'gzip, deflate, br' })
    assert.equal(br.status, 200)
    assert.equal(br.headers['content-encoding'], 'br')
    assert.include(String(br.headers['vary']), 'Accept-Encoding')
    const html = brotliDecompressSync(br.body).toString('utf8')
    assert.include(html, 'Benches by the river')

    const gzip = await rawGet(page, { 'accept-encoding': 'gzip' })
    assert.equal(gzip.headers['content-encoding'], 'gzip')
    assert.equal(gunzipSync(gzip.body).toString('utf8'), html)
    assert.isBelow(gzip.body.length, html.length / 3)

    const plain = await rawGet(page)
    assert.isUndefined(plain.headers['content-encoding'])
    assert.include(plain.body.toString('utf8'), 'Benches by the river')

    const api = await rawGet('/api/v1/campaigns', { 'accept-encoding': 'gzip' })
    assert.equal(api.status, 200)
    assert.match(String(api.headers['content-type']), /application\/json/)
    if (Number(api.headers['content-length'] ?? api.body.length) >= 1024) {
      assert.equal(api.headers['content-encoding'], 'gzip')
    }
    assert.isArray(JSON.parse(decode(api).toString('utf8')))
  })

  test('staff pages are never compressed (secrets next to reflected input: BREACH)', async ({
    assert,
  }) => {
    const login = await rawGet('/staff/login', { 'accept-encoding': 'gzip, br' })
    assert.equal(login.status, 200)
    assert.isUndefined(login.headers['content-encoding'])
    assert.include(login.body.toString('utf8'), '<html')
  })

  test('hashed build assets are immutable for a year; other public files are revalidated', async ({
    assert,
  }) => {
    const dir = app.publicPath('assets')
    const name = `compression-test-${process.pid}-Bx7d2kQ1.js`
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, name), `console.log(${JSON.stringify('x'.repeat(4000))})\n`)
    try {
      const asset = await rawGet(`/assets/${name}`, { 'accept-encoding': 'br' })
      assert.equal(asset.status, 200)
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable')
      assert.equal(asset.headers['content-encoding'], 'br')
      assert.include(brotliDecompressSync(asset.body).toString('utf8'), 'console.log')
    } finally {
      rmSync(join(dir, name), { force: true })
    }

    const widget = await rawGet('/widget.js')
    assert.equal(widget.status, 200)
    assert.notInclude(String(widget.headers['cache-control']), 'immutable')
  })
})

function decode(answer: RawAnswer): Buffer {
  const encoding = answer.headers['content-encoding']
  if (encoding === 'gzip') return gunzipSync(answer.body)
  if (encoding === 'br') return brotliDecompressSync(answer.body)
  return answer.body
}

test.group('Anonymous API reads', () => {
  test('leave no session to store; pages still keep their CSRF secret', async ({ assert }) => {
    const committed: { url: string; empty: boolean }[] = []
    const listener = ({ session }: { session: { isEmpty: boolean } }) => {
      committed.push({ url: currentUrl, empty: session.isEmpty })
    }
    let currentUrl = ''
    emitter.on('session:committed', listener)
    try {
      for (const url of ['/api/v1/campaigns', '/']) {
        currentUrl = url
        // Raw HTTP: a first-time visitor, without the test client's session cookie.
        const response = await rawGet(url)
        assert.equal(response.status, 200)
      }
    } finally {
      emitter.off('session:committed', listener)
    }
    // The API read made no session at all (session_middleware.ts `isSessionless`).
    assert.deepEqual(committed, [{ url: '/', empty: false }])
  })
})
