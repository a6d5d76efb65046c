import { randomBytes } from 'node:crypto'
import { test } from '@japa/runner'
import { attack, LINK_P_VALUE, type Truth } from '#tests/helpers/linkage/adversary'
import type { Cell, Observation, Table } from '#tests/helpers/linkage/observations'

/*
| The linkage test's adversary on made-up data, so that each of its joins is seen to work (and to
| stay quiet on data without a link) without running an election.
*/
const CAMPAIGN = 7
const N = 150
const HOUR = Math.floor(Date.now() / 3_600_000) * 3_600_000

interface World {
  observation: Observation
  truth: Truth
  /** ballot index of person i */
  ballotOfPerson: number[]
  hashes: string[]
}

function shuffled(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  return order
}

/** N residents with online credentials, N ballots on the chain in an order unrelated to them. */
function world(): World {
  const ballotOfPerson = shuffled(N)
  const hashes = Array.from({ length: N }, () => randomBytes(32).toString('hex'))
  const residents: Table = {
    name: 'residents',
    columns: ['id', 'phone_e164', 'created_at'],
    rows: Array.from({ length: N }, (_, i) => [
      i + 1,
      `+7916${String(i).padStart(7, '0')}`,
      HOUR + i * 1000,
    ]),
  }
  const issuances: Table = {
    name: 'credential_issuances',
    columns: ['campaign_id', 'person_ref', 'channel', 'terminal_id', 'issued_at'],
    rows: shuffled(N).map((i) => [CAMPAIGN, `resident:${i + 1}`, 'online', null, HOUR]),
  }
  const ballots: Table = {
    name: 'ballots',
    columns: ['ballot_hash', 'channel', 'terminal_id', 'created_at'],
    rows: hashes.map((hash, b) => [hash, 'online', null, HOUR + 600_000 + b * 1000]),
  }
  const ballotOf = new Map<string, string>()
  ballotOfPerson.forEach((b, i) => {
    ballotOf.set(`resident:${i + 1}`, hashes[b])
    ballotOf.set(`ref:resident:${i + 1}`, hashes[b])
  })
  return {
    observation: {
      tables: [residents, issuances, ballots],
      logLines: [],
      ledger: hashes.map((hash, b) => ({
        unit: hash,
        order: b,
        timestampMs: HOUR + 600_000 + b * 1000,
        tokens: [hash],
      })),
    },
    truth: { ballotOf },
    ballotOfPerson,
    hashes,
  }
}

const linkedBy = (w: World) =>
  attack(w.observation, w.truth, CAMPAIGN).filter((r) => r.pValue < LINK_P_VALUE)

function addTable(w: World, name: string, columns: string[], rows: Cell[][]) {
  w.observation.tables.push({ name, columns, rows })
}

test.group('Linkage adversary', (group) => {
  // Thousands of sorts per call: seconds on a loaded machine.
  group.each.timeout(60_000)

  test('no link in the data: no attack beats chance', ({ assert }) => {
    const w = world()
    const results = attack(w.observation, w.truth, CAMPAIGN)
    assert.isAbove(results.length, 20)
    assert.deepEqual(linkedBy(w), [])
  })

  test('issuances listed in the order of the ballots: the physical-order join finds them', ({
    assert,
  }) => {
    const w = world()
    const byBallot = [...w.ballotOfPerson.keys()].sort(
      (a, b) => w.ballotOfPerson[a] - w.ballotOfPerson[b]
    )
    w.observation.tables[1].rows = byBallot.map((i) => [
      CAMPAIGN,
      `resident:${i + 1}`,
      'online',
      null,
      HOUR,
    ])
    const [best] = linkedBy(w)
    assert.match(best.name, /credential_issuances#position ~ ledger\.order/)
    assert.equal(best.correct, N)
  })

  test('an exact time next to a resident, seconds before the ballot: the time join finds it', ({
    assert,
  }) => {
    const w = world()
    addTable(
      w,
      'probe',
      ['resident_id', 'at'],
      shuffled(N).map((i) => [i + 1, HOUR + 600_000 + w.ballotOfPerson[i] * 1000 - 300])
    )
    const [best] = linkedBy(w)
    assert.match(best.name, /probe\.at/)
    assert.isAtLeast(best.correct, N * 0.9)
  })

  test('a log line naming a phone and a ballot hash: co-occurrence', ({ assert }) => {
    const w = world()
    w.observation.logLines = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) =>
      JSON.stringify({
        msg: 'ballot',
        phone: `+7916${String(i).padStart(7, '0')}`,
        hash: w.hashes[w.ballotOfPerson[i]],
      })
    )
    const found = linkedBy(w).find((r) => r.name.startsWith('co-occurrence'))
    assert.equal(found?.correct, 12)
  })

  test('a request id stored with the resident and with the ballot: value join', ({ assert }) => {
    const w = world()
    const ids = Array.from({ length: N }, () => randomBytes(8).toString('hex'))
    addTable(
      w,
      'sign_ins',
      ['resident_id', 'request_id'],
      shuffled(N).map((i) => [i + 1, ids[i]])
    )
    addTable(
      w,
      'submissions',
      ['ballot_hash', 'request_id'],
      shuffled(N).map((i) => [w.hashes[w.ballotOfPerson[i]], ids[i]])
    )
    const found = linkedBy(w).find((r) => r.name.startsWith('value join'))
    assert.equal(found?.correct, N)
  })
})
