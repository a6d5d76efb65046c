import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { flushOutbox } from '#ledger/outbox/outbox'
import { withLedgerCluster } from '#tests/helpers/ledger_cluster'
import {
  clearOutbox,
  openVoting,
  outboxRows,
  reviewCampaignWithProjects,
} from '#tests/helpers/ledger'
import { makeResident } from '#tests/helpers/campaigns'
import { staffRequest } from '#tests/helpers/staff'
import { bearerFor, blindFor, freshPhone, makeTerminal } from '#tests/helpers/voting'
import { personRef } from '#voting/person_ref'

/*
| One person, one vote across every channel (issue #13): the same person online, at two terminals and
| on paper — their phone and ID hash in every spelling, letter case and spacing — gets exactly one
| credential or paper sheet. Real flow: HTTP routes, a real 4-replica cluster for the paper batches.
*/
const randomHex = () =>
  Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('')

/** Every way a terminal or a station might write one ID hash. */
function idSpellings(id: string): string[] {
  const mixed = [...id].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join('')
  return [id, id.toUpperCase(), ` ${id}`, `${id}  `, `\t${mixed} `, mixed]
}

/** Every way one phone (+7916…) might be written. */
function phoneSpellings(e164: string): string[] {
  const n = e164.slice(2) // 916xxxxxxx
  return [
    e164,
    `8${n}`,
    `8 (${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`,
    ` +7 ${n.slice(0, 3)} ${n.slice(3)} `,
  ]
}

test.group('Voting · one person, one vote across channels', (group) => {
  withLedgerCluster(group)

  async function setup() {
    const fx = await reviewCampaignWithProjects(2)
    await openVoting(fx.campaign.id, fx.admin.id)
    await flushOutbox({ commitWaitMs: 20_000 })
    const [row] = await outboxRows()
    if (row.status !== 'committed') throw new Error(`campaign tx: ${row.status} ${row.last_error}`)
    await clearOutbox()
    const terminals = [await makeTerminal(fx.campaign.communityId, 'Kiosk A')]
    terminals.push(await makeTerminal(fx.campaign.communityId, 'Bank B'))
    return { ...fx, terminals, id: fx.campaign.id }
  }

  test('online, two terminals and paper, in every spelling → exactly one credential or sheet each', async ({
    client,
    assert,
  }) => {
    const { id, admin, projects, terminals } = await setup()
    const [p1] = projects.map((p) => p.id)
    const terminalCredential = (token: string, person: Record<string, string>) =>
      client
        .post(`/api/v1/terminal/campaigns/${id}/credential`)
        .header('authorization', `Terminal ${token}`)
        .json({ ...person, blinded: blindFor(id).blinded })
    const paper = (station: string, voterKind: string, voters: string) =>
      staffRequest(client, 'post', `/staff/campaigns/${id}/paper/preview`, admin)
        .json({ station, batchNo: 1, voterKind, csv: `1;${p1}`, voters })
        .accept('json')
    const assertRefusedEverywhere = async (phone: string, idHash: string) => {
      for (const { token } of terminals) {
        for (const spelling of idSpellings(idHash)) {
          const byId = await terminalCredential(token, { idHash: spelling })
          assert.equal(byId.status(), 409, `terminal, ID hash ${JSON.stringify(spelling)}`)
          assert.equal(byId.body().error, 'credential_already_issued')
        }
        for (const spelling of phoneSpellings(phone)) {
          const byPhone = await terminalCredential(token, { phone: spelling })
          assert.equal(byPhone.status(), 409, `terminal, phone ${JSON.stringify(spelling)}`)
        }
      }
      for (const spelling of phoneSpellings(phone)) {
        const answer = await paper('P', 'phone', spelling)
        answer.assertStatus(422)
        assert.equal(answer.body().errors[1].rule, 'paper_already_voted', spelling)
      }
      for (const spelling of idSpellings(idHash)) {
        const answer = await paper('P', 'id_hash', spelling)
        answer.assertStatus(422)
        assert.equal(answer.body().errors[1].rule, 'paper_already_voted', spelling)
      }
    }
    const holders = async (phone: string, idHash: string) => {
      const refs = [personRef(id, 'phone', phone), personRef(id, 'id_hash', idHash)]
      const rows = await db
        .from('credential_person_refs')
        .where('campaign_id', id)
        .whereIn('person_ref', refs)
        .distinct('issuance_id')
      return rows.length
    }

    // 1. Anna signs in online by phone; her ID hash reaches a terminal together with her phone.
    const anna = { phone: freshPhone(), idHash: randomHex() }
    const resident = await makeResident(anna.phone, null)
    const online = await client
      .post(`/api/v1/campaigns/${id}/credential`)
      .bearerToken(await bearerFor(resident))
      .json({ blinded: blindFor(id).blinded })
    online.assertStatus(200)
    const both = await terminalCredential(terminals[0].token, {
      phone: phoneSpellings(anna.phone)[2],
      idHash: idSpellings(anna.idHash)[1],
    })
    both.assertStatus(409)
    const annaAgain = await client
      .post(`/api/v1/campaigns/${id}/credential`)
      .bearerToken(await bearerFor(resident))
      .json({ blinded: blindFor(id).blinded })
    annaAgain.assertStatus(409)

    // 2. Boris comes first to terminal A with phone and ID hash (upper case, a leading space).
    const boris = { phone: freshPhone(), idHash: randomHex() }
    const first = await terminalCredential(terminals[0].token, {
      phone: phoneSpellings(boris.phone)[1],
      idHash: ` ${boris.idHash.toUpperCase()}`,
    })
    first.assertStatus(200)
    await assertRefusedEverywhere(boris.phone, boris.idHash)
    const borisOnline = await client
      .post(`/api/v1/campaigns/${id}/credential`)
      .bearerToken(await bearerFor(await makeResident(boris.phone, null)))
      .json({ blinded: blindFor(id).blinded })
    borisOnline.assertStatus(409)

    // 3. Vera votes on paper (her ID hash in mixed case on the station's list), then tries the rest.
    const vera = { phone: freshPhone(), idHash: randomHex() }
    const imported = await staffRequest(client, 'post', `/staff/campaigns/${id}/paper`, admin)
      .json({
        station: 'School 5',
        batchNo: 1,
        voterKind: 'id_hash',
        csv: `1;${p1}`,
        voters: idSpellings(vera.idHash)[4],
      })
      .accept('json')
    imported.assertStatus(201)
    for (const { token } of terminals) {
      for (const spelling of idSpellings(vera.idHash)) {
        const answer = await terminalCredential(token, { idHash: spelling, phone: vera.phone })
        assert.equal(answer.status(), 409, `paper voter at a terminal: ${JSON.stringify(spelling)}`)
      }
    }
    const again = await staffRequest(client, 'post', `/staff/campaigns/${id}/paper`, admin)
      .json({
        station: 'Library 2',
        batchNo: 1,
        voterKind: 'id_hash',
        csv: `1;${p1}`,
        voters: vera.idHash.toUpperCase(),
      })
      .accept('json')
    again.assertStatus(422)

    // Exactly one credential or paper mark per person, whatever held each of their refs.
    assert.equal(await holders(anna.phone, anna.idHash), 1)
    assert.equal(await holders(boris.phone, boris.idHash), 1)
    assert.equal(await holders(vera.phone, vera.idHash), 1)
    const [{ n }] = await db.from('credential_issuances').where('campaign_id', id).count('* as n')
    assert.equal(Number(n), 3, 'three people, three credentials or sheets')
  }).timeout(180_000)
})
