import { test } from '@japa/runner'
import { createStaff } from '#tests/helpers/staff'

test.group('smoke', () => {
  test('dashboard', async ({ client, assert }) => {
    const admin = await createStaff({ role: 'admin' })
    const response = await client.get('/staff').withGuard('staff').loginAs(admin)
    response.assertStatus(200)
    assert.include(response.text(), 'Staff area')
    const members = await client.get('/staff/members').withGuard('staff').loginAs(admin)
    members.assertStatus(200)
    const comm = await client.get('/staff/communities').withGuard('staff').loginAs(admin)
    comm.assertStatus(200)
    const audit = await client.get('/staff/audit').withGuard('staff').loginAs(admin)
    audit.assertStatus(200)
    const mod = await createStaff({ role: 'moderator' })
    const forbidden = await client.get('/staff/audit').withGuard('staff').loginAs(mod)
    forbidden.assertStatus(403)
    console.log(forbidden.text().slice(0, 3000))
  })
})
