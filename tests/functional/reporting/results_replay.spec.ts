import { brotliDecompressSync } from 'node:zlib'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import i18nManager from '@adonisjs/i18n/services/main'
import type { ResultsVersion } from '#reporting/results_cache'
import { keep, replay, replayFor, type ReplayTarget } from '#reporting/results_replay'
import { changeBranding, currentBranding } from '#branding/branding_store'
import { resetBranding } from '#tests/helpers/branding'

/*
| Replayed answers (app/reporting/results_replay.ts) on what the tests' HTTP server never sends:
| production's CSP nonce (shield's CSP is on in production only) and a JSON body big enough to
| be kept compressed. The answers through the whole stack: results_cache.spec.ts.
*/
let campaignId = 1_000_000

function versionOf(key: string): ResultsVersion {
  return { campaignId, stage: 'voting', liveResultsPublic: true, height: 3, key }
}

test.group('Results replay', (group) => {
  group.each.setup(() => void campaignId++)

  test('a page kept with a CSP nonce is replayed with a fresh one, in the header and the HTML', async ({
    assert,
  }) => {
    const target: ReplayTarget = { kind: 'page', by: { slug: 'parks' }, locale: 'ru' }
    const version = versionOf('7|voting|true|1|-')
    const first = await testUtils.createHttpContext()
    first.i18n = i18nManager.locale('ru')
    const nonce = 'Q1w2E3r4T5y6U7i8'
    first.response.nonce = nonce
    first.response.header('Content-Security-Policy', `script-src 'self' 'nonce-${nonce}'`)
    first.response.header('X-Frame-Options', 'SAMEORIGIN')
    first.response.cookie('civic-budget-session', 'one-visitor')
    const html = (n: string) =>
      `<!DOCTYPE html><script type="module" nonce="${n}" src="/assets/app.js"></script><p>ok</p>`
    first.response.send(html(nonce))
    keep(first, target, version)

    const nonces = new Set<string>()
    for (let answer = 0; answer < 2; answer++) {
      const next = await testUtils.createHttpContext()
      replay(next, replayFor(target, version)!)
      const csp = String(next.response.getHeader('content-security-policy'))
      const fresh = /'nonce-([^']+)'/.exec(csp)![1]
      assert.notEqual(fresh, nonce)
      nonces.add(fresh)
      assert.equal(next.response.getBody(), html(fresh))
      assert.equal(next.response.getHeader('x-frame-options'), 'SAMEORIGIN')
      assert.isUndefined(next.response.getHeader('set-cookie'))
    }
    assert.equal(nonces.size, 2, 'a new nonce per answer')

    // Production's pages: external scripts only, the nonce in the header alone. The HTML is then
    // kept compressed, the header still gets a fresh nonce.
    const external = `<!DOCTYPE html><script type="module" src="/assets/app.js"></script>${'<p>ok</p>'.repeat(200)}`
    const other: ReplayTarget = { ...target, kind: 'embed' }
    const page = await testUtils.createHttpContext()
    page.i18n = i18nManager.locale('ru')
    page.response.nonce = nonce
    page.response.header('Content-Security-Policy', `script-src 'self' 'nonce-${nonce}'`)
    page.response.send(external)
    keep(page, other, version)
    const compressed = await testUtils.createHttpContext()
    compressed.request.request.headers['accept-encoding'] = 'br'
    replay(compressed, replayFor(other, version)!)
    assert.equal(compressed.response.getHeader('content-encoding'), 'br')
    assert.equal(brotliDecompressSync(compressed.response.getBody() as Buffer).toString(), external)
    assert.notInclude(String(compressed.response.getHeader('content-security-policy')), nonce)
    // Another version or language has nothing kept.
    assert.isNull(replayFor(target, versionOf('8|voting|true|1|-')))
    assert.isNull(replayFor({ ...target, locale: 'en' }, version))
  })

  test('a kept page is made again after the city’s branding changes; the API answer is not', async ({
    assert,
    cleanup,
  }) => {
    cleanup(() => resetBranding())
    await currentBranding()
    const version = versionOf('5|voting|true|1|-')
    const page: ReplayTarget = { kind: 'page', by: { slug: 'parks' }, locale: 'en' }
    const api: ReplayTarget = { kind: 'api', by: { id: campaignId }, locale: null }
    for (const [target, body] of [
      [page, '<!DOCTYPE html><title>Old name</title>'],
      [api, '{"projects":[]}'],
    ] as const) {
      const ctx = await testUtils.createHttpContext()
      ctx.i18n = i18nManager.locale('en')
      ctx.response.send(body)
      keep(ctx, target, version)
    }
    assert.isNotNull(replayFor(page, version))

    await changeBranding({ type: 'system', id: null }, 'branding.updated', () => ({
      name: { en: 'New name' },
    }))
    assert.isNull(replayFor(page, version), 'the page showed the old name')
    assert.isNotNull(replayFor(api, version), 'the API has no branding in it')
  })

  test('the API is kept compressed once and answers 304 to its ETag', async ({ assert }) => {
    const target: ReplayTarget = { kind: 'api', by: { id: campaignId }, locale: null }
    const version = versionOf('9|voting|true|1|-')
    const json = JSON.stringify({ projects: Array.from({ length: 300 }, (_, id) => ({ id })) })
    const first = await testUtils.createHttpContext()
    first.response.header('Content-Type', 'application/json; charset=utf-8')
    first.response.header('ETag', 'W/"abc"')
    first.response.send(json)
    keep(first, target, version)
    const kept = replayFor(target, version)!

    const br = await testUtils.createHttpContext()
    br.request.request.headers['accept-encoding'] = 'gzip, deflate, br'
    replay(br, kept)
    assert.equal(br.response.getHeader('content-encoding'), 'br')
    assert.equal(brotliDecompressSync(br.response.getBody() as Buffer).toString(), json)

    const plain = await testUtils.createHttpContext()
    plain.request.request.headers['accept-encoding'] = 'br;q=0, identity'
    replay(plain, kept)
    assert.isUndefined(plain.response.getHeader('content-encoding'))
    assert.equal((plain.response.getBody() as Buffer).toString(), json)

    const revalidated = await testUtils.createHttpContext()
    revalidated.request.request.headers['if-none-match'] = 'W/"abc"'
    replay(revalidated, kept)
    assert.equal(revalidated.response.getStatus(), 304)
    assert.equal(revalidated.response.getHeader('etag'), 'W/"abc"')
  })
})
