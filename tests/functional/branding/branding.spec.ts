import { test } from '@japa/runner'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import sharp from 'sharp'
import drive from '@adonisjs/drive/services/main'
import { auditRows, createCommunity, createStaff, staffRequest } from '#tests/helpers/staff'
import type { StaffRole } from '#identity/roles'
import { brandingRow, logoPng, resetBranding } from '#tests/helpers/branding'

/*
| City branding (issue #17 item 7): the admin screen at /staff/settings/branding (unscoped admins
| only, CSRF, 422 with localized messages, audited), the logo (raster only, re-encoded without
| metadata, size and dimensions limited) and the shared `branding` prop every page gets.
*/
const SCREEN = '/staff/settings/branding'

const VALID = {
  name: { en: 'Volgograd Budget', ru: 'Бюджет Волгограда', uk: '' },
  primaryColor: '#1F4E8C',
  footerLinks: [
    { label: { en: 'City hall', ru: 'Мэрия' }, url: 'https://city.example/hall' },
    { label: { en: 'Write to us' }, url: 'mailto:pb@city.example' },
  ],
}

async function auditCount(action: string) {
  const rows = await auditRows(action)
  return rows.length
}

/** The `branding` prop of the home page (as a resident sees it). */
async function brandingOnHome(client: ApiClient) {
  const page = await client.get('/').withInertia()
  return page.inertiaProps.branding
}

async function htmlOf(client: ApiClient, url: string) {
  const response = await client.get(url).header('Accept-Language', 'en')
  return response.text()
}

async function statusOf(request: ApiRequest) {
  const response = await request
  return response.status()
}

test.group('Branding · who may change it', (group) => {
  group.each.timeout(120_000)
  group.each.teardown(() => resetBranding())

  test('only an admin without a community scope; others 403, signed out to the login', async ({
    client,
    assert,
  }) => {
    const district = await createCommunity()
    const refused: [string, Awaited<ReturnType<typeof createStaff>>][] = [
      ['district admin', await createStaff({ role: 'admin', communityId: district.id })],
    ]
    for (const role of ['moderator', 'expert', 'observer', 'terminal'] as StaffRole[]) {
      refused.push([role, await createStaff({ role })])
    }
    const routes = [
      { method: 'get', path: SCREEN },
      { method: 'put', path: SCREEN },
      { method: 'post', path: `${SCREEN}/logo` },
      { method: 'delete', path: `${SCREEN}/logo` },
    ] as const
    for (const route of routes) {
      for (const [who, member] of refused) {
        const response = await staffRequest(client, route.method, route.path, member)
          .json(route.method === 'put' ? VALID : {})
          .accept('json')
        assert.equal(response.status(), 403, `${route.method} ${route.path} as ${who}`)
      }
      const anonymous = await staffRequest(client, route.method, route.path, null).json({})
      assert.equal(anonymous.status(), 302, `${route.method} ${route.path} signed out`)
      assert.equal(anonymous.header('location'), '/staff/login')
    }
    assert.isNull(await brandingRow())

    const admin = await createStaff({ role: 'admin' })
    const page = await staffRequest(client, 'get', SCREEN, admin).withInertia()
    page.assertStatus(200)
    assert.equal(page.inertiaComponent, 'staff/settings/branding')
    assert.deepEqual(page.inertiaProps.settings.footerLinks, [])
    const nav = await staffRequest(client, 'get', '/staff', admin).withInertia()
    assert.deepInclude(nav.inertiaProps.staffNav, { href: SCREEN, label: 'Branding' })
    const moderatorNav = await staffRequest(client, 'get', '/staff', refused[1][1]).withInertia()
    assert.notDeepInclude(moderatorNav.inertiaProps.staffNav, { href: SCREEN, label: 'Branding' })
  })

  test('the form is CSRF-protected', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const forged = await client
      .put(SCREEN)
      .withGuard('staff')
      .loginAs(admin)
      .json(VALID)
      .redirects(0)
    assert.notEqual(forged.status(), 200)
    assert.isNull(await brandingRow())
  })
})

test.group('Branding · name, colour and footer links', (group) => {
  group.each.timeout(120_000)
  group.each.teardown(() => resetBranding())

  test('saved, audited, and in every page’s props in the page’s language', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const saved = await staffRequest(client, 'put', SCREEN, admin)
      .json(VALID)
      .header('referer', SCREEN)
    saved.assertStatus(302)
    assert.equal(saved.flashMessage('success'), 'The branding was saved')

    const [row] = await auditRows('branding.updated', { type: 'city_branding', id: 1 })
    assert.equal(row.actor_id, admin.id)
    assert.equal(row.changes.after.primaryColor, '#1f4e8c')
    assert.isNull(row.changes.before.primaryColor)
    // The same values again: nothing changed, nothing recorded.
    const again = await staffRequest(client, 'put', SCREEN, admin).json(VALID)
    again.assertStatus(302)
    assert.lengthOf(await auditRows('branding.updated'), 1)

    const en = await client.get('/campaigns').header('Accept-Language', 'en').withInertia()
    assert.deepEqual(en.inertiaProps.branding, {
      name: 'Volgograd Budget',
      logo: null,
      color: { primary: '#1f4e8c', dark: '#193e70' },
      footerLinks: [
        { label: 'City hall', url: 'https://city.example/hall' },
        { label: 'Write to us', url: 'mailto:pb@city.example' },
      ],
    })
    // Russian where given; Ukrainian falls back to English (its name was left empty).
    const ru = await client.get('/').header('Accept-Language', 'ru').withInertia()
    assert.equal(ru.inertiaProps.branding.name, 'Бюджет Волгограда')
    assert.equal(ru.inertiaProps.branding.footerLinks[0].label, 'Мэрия')
    assert.equal(ru.inertiaProps.branding.footerLinks[1].label, 'Write to us')
    const uk = await client.get('/').header('Accept-Language', 'uk').withInertia()
    assert.equal(uk.inertiaProps.branding.name, 'Volgograd Budget')

    // Server-rendered: the first HTML already has the name, the link and the colour.
    const html = await htmlOf(client, '/')
    assert.include(html, 'Volgograd Budget')
    assert.include(html, 'href="https://city.example/hall"')
    assert.include(html, '--green:#1f4e8c')

    // Emptied again: the default look (no name, no colour, no links).
    const cleared = await staffRequest(client, 'put', SCREEN, admin).json({
      name: {},
      primaryColor: null,
      footerLinks: [],
    })
    cleared.assertStatus(302)
    const plain = await client.get('/').withInertia()
    assert.deepEqual(plain.inertiaProps.branding, {
      name: null,
      logo: null,
      color: null,
      footerLinks: [],
    })
    assert.notInclude(await htmlOf(client, '/'), '--green:')
  })

  test('bad input is refused with localized messages and changes nothing', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    assert.equal(await statusOf(staffRequest(client, 'put', SCREEN, admin).json(VALID)), 302)
    const before = await brandingRow()
    const audited = await auditCount('branding.updated')
    const link = (url: string) => ({ ...VALID, footerLinks: [{ label: { en: 'x' }, url }] })
    const cases: [string, Record<string, unknown>, string][] = [
      ['no hash', { ...VALID, primaryColor: '1f4e8c' }, 'primaryColor'],
      ['short hex', { ...VALID, primaryColor: '#1f4' }, 'primaryColor'],
      ['a name', { ...VALID, primaryColor: 'navy' }, 'primaryColor'],
      ['too light', { ...VALID, primaryColor: '#ffcc00' }, 'primaryColor'],
      ['just under 4.5', { ...VALID, primaryColor: '#777777' }, 'primaryColor'],
      ['javascript:', link('javascript:alert(document.cookie)'), 'footerLinks.0.url'],
      ['JavaScript:', link('JavaScript:alert(1)'), 'footerLinks.0.url'],
      ['tab inside', link('java\tscript:alert(1)'), 'footerLinks.0.url'],
      ['data:', link('data:text/html,<script>alert(1)</script>'), 'footerLinks.0.url'],
      ['ftp', link('ftp://files.example/x'), 'footerLinks.0.url'],
      ['relative', link('/privacy'), 'footerLinks.0.url'],
      ['credentials', link('https://user:pass@evil.example/'), 'footerLinks.0.url'],
      ['mailto without address', link('mailto:'), 'footerLinks.0.url'],
      [
        'no label',
        { ...VALID, footerLinks: [{ label: {}, url: 'https://city.example' }] },
        'footerLinks.0.label',
      ],
      [
        'nine links',
        {
          ...VALID,
          footerLinks: Array.from({ length: 9 }, (_, i) => ({
            label: { en: `Link ${i}` },
            url: `https://city.example/${i}`,
          })),
        },
        'footerLinks',
      ],
      ['long name', { ...VALID, name: { en: 'x'.repeat(81) } }, 'name.en'],
      ['name not an object', { ...VALID, name: 'Volgograd' }, 'name'],
    ]
    for (const [what, body, field] of cases) {
      const response = await staffRequest(client, 'put', SCREEN, admin).json(body).accept('json')
      assert.equal(response.status(), 422, what)
      const fields = response.body().errors.map((error: { field: string }) => error.field)
      assert.include(fields, field, what)
    }
    assert.deepEqual(await brandingRow(), before)
    assert.equal(await auditCount('branding.updated'), audited)

    const light = await staffRequest(client, 'put', SCREEN, admin)
      .json({ ...VALID, primaryColor: '#ffcc00' })
      .header('Accept-Language', 'ru')
      .accept('json')
    const message = light.body().errors[0].message as string
    assert.include(message, 'слишком светлый')
    assert.include(message, '1.5') // #ffcc00 on white: 1.56:1
    assert.include(message, '4.5:1')

    // The page form gets the errors back on the page (redirect with the errors in the session).
    const form = await staffRequest(client, 'put', SCREEN, admin)
      .json(link('javascript:alert(1)'))
      .header('referer', SCREEN)
    form.assertStatus(302)
    assert.equal(form.header('location'), SCREEN)
    assert.deepEqual(await brandingRow(), before)
  })
})

test.group('Branding · the logo', (group) => {
  group.each.timeout(120_000)
  group.each.setup(() => {
    drive.fake('fs')
    return async () => {
      await resetBranding()
      drive.restore('fs')
    }
  })

  test('re-encoded as WebP without metadata, scaled down, served publicly; replaced and removed', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const upload = await staffRequest(client, 'post', `${SCREEN}/logo`, admin)
      .file('logo', await logoPng(), { filename: 'logo.png', contentType: 'image/png' })
      .header('referer', SCREEN)
    upload.assertStatus(302)
    assert.equal(upload.flashMessage('success'), 'The logo was uploaded')
    const page = await client.get('/').withInertia()
    const logo = page.inertiaProps.branding.logo
    assert.match(logo.url, /^\/branding\/logo\/[0-9a-f-]{36}\.webp$/)
    assert.deepEqual([logo.width, logo.height], [600, 200])

    const served = await client.get(logo.url)
    served.assertStatus(200)
    assert.equal(served.header('content-type'), 'image/webp')
    assert.equal(served.header('cache-control'), 'public, max-age=31536000, immutable')
    assert.isUndefined(served.header('set-cookie'))
    const bytes = Buffer.from(served.body() as Buffer)
    const meta = await sharp(bytes).metadata()
    assert.equal(meta.format, 'webp')
    assert.isUndefined(meta.exif)
    assert.isFalse(bytes.includes(Buffer.from('LogoSerial-4242')))
    const [audited] = await auditRows('branding.logo_changed')
    assert.equal(audited.actor_id, admin.id)

    // A new logo: a new name; the old one is gone from the disk and answers 404.
    const replaced = await staffRequest(client, 'post', `${SCREEN}/logo`, admin).file(
      'logo',
      await sharp(await logoPng(300, 300))
        .webp()
        .toBuffer(),
      { filename: 'square.webp', contentType: 'image/webp' }
    )
    replaced.assertStatus(302)
    const { logo: second } = await brandingOnHome(client)
    assert.notEqual(second.url, logo.url)
    // A 300 px square fits the 600×200 box at 200×200.
    assert.deepEqual([second.width, second.height], [200, 200])
    assert.equal(await statusOf(client.get(logo.url)), 404)
    const unknown = '/branding/logo/00000000-0000-0000-0000-000000000000.webp'
    assert.equal(await statusOf(client.get(unknown)), 404)

    const removed = await staffRequest(client, 'delete', `${SCREEN}/logo`, admin).header(
      'referer',
      SCREEN
    )
    removed.assertStatus(302)
    const afterRemoval = await brandingOnHome(client)
    assert.isNull(afterRemoval.logo)
    assert.equal(await statusOf(client.get(second.url)), 404)
    assert.lengthOf(await auditRows('branding.logo_removed'), 1)
  })

  test('a non-image, SVG, oversized or huge image is refused and nothing changes', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const first = await staffRequest(client, 'post', `${SCREEN}/logo`, admin).file(
      'logo',
      await logoPng(),
      { filename: 'logo.png', contentType: 'image/png' }
    )
    first.assertStatus(302)
    const before = await brandingRow()
    const audited = await auditCount('branding.logo_changed')
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    const noise = Buffer.alloc(2 * 1024 * 1024 + 10, 7)
    // A PNG by its first bytes that does not decode.
    const png = await logoPng()
    const brokenPng = Buffer.concat([png.subarray(0, 16), Buffer.alloc(200, 1)])
    const cases: [string, Buffer, string, string][] = [
      ['text named .png', Buffer.from('not an image at all'), 'logo.png', 'Only PNG, JPEG'],
      ['svg', svg, 'logo.svg', 'Only PNG, JPEG'],
      ['svg named .png', svg, 'logo.png', 'Only PNG, JPEG'],
      ['broken png', brokenPng, 'logo.png', 'not a PNG, JPEG or WebP image'],
      ['over 2 MB', noise, 'big.png', 'too large'],
      ['5000 px wide', await logoPng(5000, 10), 'wide.png', '4096×4096'],
    ]
    for (const [what, bytes, filename, text] of cases) {
      const response = await staffRequest(client, 'post', `${SCREEN}/logo`, admin)
        .file('logo', bytes, { filename, contentType: 'image/png' })
        .accept('json')
      assert.equal(response.status(), 422, what)
      const [error] = response.body().errors
      assert.equal(error.field, 'logo', what)
      assert.include(error.message, text, what)
    }
    const ru = await staffRequest(client, 'post', `${SCREEN}/logo`, admin)
      .file('logo', brokenPng, { filename: 'logo.png', contentType: 'image/png' })
      .header('Accept-Language', 'ru')
      .accept('json')
    assert.equal(
      ru.body().errors[0].message,
      'Этот файл не является изображением PNG, JPEG или WebP'
    )
    assert.deepEqual(await brandingRow(), before)
    assert.equal(await auditCount('branding.logo_changed'), audited)
  })
})
