import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import Community from '#communities/models/community'
import { parseCsv } from '#communities/csv'
import { auditRows, createCityTree, createStaff, staffRequest, unique } from '#tests/helpers/staff'

async function communityCount() {
  const [{ total }] = await db.from('communities').count('* as total')
  return Number(total)
}

test.group('Communities: CSV import', () => {
  test('imports the sample file (";" separator, parents later in the file) as a multipart upload', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const sample = await readFile(app.makePath('database/samples/communities.csv'))
    const response = await staffRequest(client, 'post', '/staff/communities/import', admin).file(
      'file',
      sample,
      {
        filename: 'communities.csv',
        contentType: 'text/csv',
      }
    )
    response.assertStatus(302)
    response.assertHeader('location', '/staff/communities')
    response.assertFlashMessage('success', 'Import finished: 14 created, 0 updated')
    const city = await Community.findByOrFail('code', 'VLG-C')
    const region = await Community.findByOrFail('code', 'VLG')
    const district = await Community.findByOrFail('code', 'VLG-C-DZR')
    assert.equal(city.parentId, region.id)
    assert.equal(district.parentId, city.id)
    assert.equal(district.population, 181000)
    assert.equal(city.kind, 'city')
    const [row] = await auditRows('community.imported')
    assert.equal(row.actor_id, admin.id)
    assert.equal(row.changes.created, 14)

    // Importing again upserts by code: nothing new, everything updated.
    const again = await staffRequest(client, 'post', '/staff/communities/import', admin).file(
      'file',
      sample,
      {
        filename: 'communities.csv',
      }
    )
    again.assertFlashMessage('success', 'Import finished: 0 created, 14 updated')
  })

  test('upsert by code: updates names, populations and parents; creates the new rows', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const { city, districtA, districtB, villageA } = await createCityTree()
    const newCode = unique('NEW-')
    const csv = [
      'code,name,kind,parent_code,population',
      `${villageA.code},"Village, renamed",village,${districtB.code},"1 500"`,
      `${newCode},Brand new,neighbourhood,${city.code},42`,
      `${districtA.code},${districtA.name},district,${city.code},21000`,
    ].join('\r\n')
    const response = await staffRequest(client, 'post', '/staff/communities/import', admin).form({
      csv,
    })
    response.assertStatus(302)
    response.assertFlashMessage('success', 'Import finished: 1 created, 2 updated')
    await villageA.refresh()
    assert.equal(villageA.name, 'Village, renamed')
    assert.equal(villageA.parentId, districtB.id)
    assert.equal(villageA.population, 1500)
    await districtA.refresh()
    assert.equal(districtA.population, 21000)
    const created = await Community.findByOrFail('code', newCode)
    assert.equal(created.parentId, city.id)
  })

  test('per-row errors are all reported and nothing is saved', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const { city, villageA } = await createCityTree()
    const good = unique('OK-')
    const before = await communityCount()
    const csv = [
      'code;name;kind;parent_code;population',
      `${good};Good row;village;${city.code};10`,
      ';No code;village;;5',
      'BAD CODE;Spaces;village;;5',
      `${unique('K-')};Bad kind;planet;;5`,
      `${unique('P-')};Bad population;village;;-3`,
      `${unique('U-')};Unknown parent;village;NOPE-NOPE;5`,
      `${good};Duplicate;village;NOPE-TOO;5`,
      `${villageA.code};Renamed but not saved;village;${city.code};1`,
    ].join('\n')
    const response = await staffRequest(client, 'post', '/staff/communities/import', admin)
      .withInertia()
      .form({ csv })
    response.assertStatus(422)
    response.assertInertiaComponent('staff/communities/import')
    const errors = response.inertiaProps.rowErrors as {
      line: number
      column: string
      message: string
    }[]
    const byLine = (line: number) => errors.filter((e) => e.line === line).map((e) => e.column)
    assert.deepEqual(byLine(2), [])
    assert.deepEqual(byLine(3), ['code'])
    assert.deepEqual(byLine(4), ['code'])
    assert.deepEqual(byLine(5), ['kind'])
    assert.deepEqual(byLine(6), ['population'])
    assert.deepEqual(byLine(7), ['parent_code'])
    assert.deepEqual(byLine(8), ['code', 'parent_code'])
    assert.include(errors.find((e) => e.line === 8)!.message, 'This code already appears on line 2')
    assert.include(errors.find((e) => e.line === 7)!.message, 'NOPE-NOPE')

    assert.equal(await communityCount(), before)
    assert.isNull(await Community.findBy('code', good))
    await villageA.refresh()
    assert.notEqual(villageA.name, 'Renamed but not saved')

    const html = await staffRequest(client, 'post', '/staff/communities/import', admin)
      .header('Accept-Language', 'uk')
      .form({ csv })
    html.assertStatus(422)
    assert.include(html.text(), 'Невідомий тип')
  })

  test('cycles through the file and the stored tree are rejected', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const { city, villageA } = await createCityTree()
    const a = unique('CA-')
    const b = unique('CB-')
    const csv = [
      'code,name,kind,parent_code,population',
      `${a},A,district,${b},1`,
      `${b},B,district,${a},1`,
      // The stored city would move under its own village.
      `${city.code},${city.name},city,${villageA.code},1`,
    ].join('\n')
    const response = await staffRequest(client, 'post', '/staff/communities/import', admin)
      .withInertia()
      .form({ csv })
    response.assertStatus(422)
    const lines = (response.inertiaProps.rowErrors as { line: number; column: string }[])
      .filter((e) => e.column === 'parent_code')
      .map((e) => e.line)
    assert.deepEqual(lines, [2, 3, 4])
    assert.isNull(await Community.findBy('code', a))
  })

  test('a header without the required columns, an empty file or no file', async ({
    client,
    assert,
  }) => {
    const admin = await createStaff({ role: 'admin' })
    const missing = await staffRequest(client, 'post', '/staff/communities/import', admin)
      .withInertia()
      .form({ csv: 'code,name\nX,Y\n' })
    missing.assertStatus(422)
    assert.include(missing.inertiaProps.rowErrors[0].message, 'kind, parent_code, population')

    const empty = await staffRequest(client, 'post', '/staff/communities/import', admin)
      .withInertia()
      .form({ csv: 'code,name,kind,parent_code,population\n' })
    empty.assertStatus(422)

    const nothing = await staffRequest(client, 'post', '/staff/communities/import', admin).form({})
    nothing.assertStatus(302)
    nothing.assertHasValidationError('file')
  })

  test('the CSV reader handles quotes, BOM, CRLF and both separators', async ({ assert }) => {
    assert.deepEqual(
      parseCsv('\uFEFFa;b\r\n"x;1";"say ""hi"""\r\n').map((r) => r.fields),
      [
        ['a', 'b'],
        ['x;1', 'say "hi"'],
      ]
    )
    assert.deepEqual(
      parseCsv('a,b\n"multi\nline",2\nlast,3').map((r) => [r.line, r.fields]),
      [
        [1, ['a', 'b']],
        [2, ['multi\nline', '2']],
        [4, ['last', '3']],
      ]
    )
  })

  test('a scoped admin cannot import', async ({ client, assert }) => {
    const { districtA } = await createCityTree()
    const adminA = await createStaff({ role: 'admin', communityId: districtA.id })
    const code = unique('SC-')
    const response = await staffRequest(client, 'post', '/staff/communities/import', adminA).form({
      csv: `code,name,kind,parent_code,population\n${code},X,village,${districtA.code},1\n`,
    })
    response.assertStatus(403)
    assert.isNull(await Community.findBy('code', code))
  })
})
