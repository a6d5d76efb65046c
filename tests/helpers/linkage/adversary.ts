import type { Cell, LedgerBallot, Observation } from '#tests/helpers/linkage/observations'

/*
| The adversary of the linkage test: from a dump, logs and the ledger it tries to tie each ballot
| to a person, and says how well every attempt did against the truth.
|
| People are seen two ways: as residents (a `residents` row and everything naming its id, phone or
| `resident:<id>`) and as person references (`credential_issuances.person_ref` — a credential or a
| paper mark). A row or log line naming a person gives that person features: its position in its
| table or log, and every number or time in it. Ballots get features the same way (rows or lines
| naming their hash, tx hash, voter key, credential or signature) plus their place and time on the
| chain. Log lines are grouped by their message, so each kind of event is a source of its own. The attacks:
| - co-occurrence: a row or line naming a person and a ballot;
| - value join: a value found in rows of exactly one person and one ballot (an id, a request id…);
| - rank join, for every person feature × ballot feature, ascending and descending: sort both
|   sides and pair them in order (ids, serials, physical order, times — counts per hour included,
|   as a time sorts its hour's entries together);
| - proximity join, for every person feature holding times × ballot time (block, intake arrival):
|   each person gets the first ballot at or after their time (plus 0, 1, 5 or 30 s) (a sign-in seconds before the vote, among people of the same
|   column who did something long before).
| Each attack pairs only inside buckets the threat model allows an observer to tell apart (channel,
| terminal, clock hour of issuance and of the block): chance is a random pairing inside them.
|
| Criterion: under chance, the correct pairs of an attack are at most Poisson(E)-distributed, E =
| Σ 1/(ballots in the person's bucket) over the persons it pairs (a random permutation's fixed
| points). An attack links when P(Poisson(E) ≥ correct) < 1e-7 — with some thousands of attacks per
| run, a false alarm below 0.1 %; a real leak pairs tens to hundreds correctly.
*/
export const LINK_P_VALUE = 1e-7
const HOUR_MS = 3_600_000
/** Epoch milliseconds from 2001 on: a feature with such values is a time. */
const TIME_FLOOR_MS = 1e12
/** Proximity joins look this long after a person's time (the vote page's wait is 5–30 s). */
const PROXIMITY_LAGS_MS = [0, 1_000, 5_000, 30_000]

export interface Truth {
  /** person key (`ref:<person_ref>` or `resident:<id>`) → ballot unit */
  ballotOf: Map<string, string>
}

export interface AttackResult {
  name: string
  paired: number
  correct: number
  expectedByChance: number
  pValue: number
}

type Features = Map<string, number>
interface Side {
  bucket: Map<string, string>
  features: Map<string, Features>
  values: Map<string, Set<string>>
}

const PERSON_REF = /\b(?:resident|terminal|phone|id):[0-9a-f]{64}\b/g
const RESIDENT_REF = /\bresident:(\d+)\b/g
const PHONE = /\+\d{10,15}/g
const HEX_RUN = /[0-9a-f]{64,}/g

function setFeature(side: Side, key: string, name: string, value: number) {
  let features = side.features.get(key)
  if (!features) side.features.set(key, (features = new Map()))
  const old = features.get(name)
  if (old === undefined || value < old) features.set(name, value)
}

function addValue(side: Side, key: string, value: string) {
  let values = side.values.get(key)
  if (!values) side.values.set(key, (values = new Set()))
  values.add(value)
}

function emptySide(): Side {
  return { bucket: new Map(), features: new Map(), values: new Map() }
}

function poissonTail(mean: number, k: number): number {
  if (k <= 0) return 1
  let term = Math.exp(-mean)
  let below = term
  for (let i = 1; i < k; i++) {
    term *= mean / i
    below += term
  }
  return Math.max(0, 1 - below)
}

export function attack(observation: Observation, truth: Truth, campaignId: number) {
  const people = emptySide()
  const ballots = emptySide()
  const phoneOwner = new Map<string, string>()
  const residentKeys = new Set<string>()

  // Who the people are: the campaign's person references and the residents (all of them, or
  // only those whose reference names them when references do).
  const table = (name: string) => observation.tables.find((t) => t.name === name)
  const issuances = table('credential_issuances')!
  const col = (t: { columns: string[] }, name: string) => t.columns.indexOf(name)
  const [ciCampaign, ciRef, ciChannel, ciTerminal, ciIssued] = [
    'campaign_id',
    'person_ref',
    'channel',
    'terminal_id',
    'issued_at',
  ].map((name) => col(issuances, name))
  for (const row of issuances.rows) {
    if (Number(row[ciCampaign]) !== campaignId) continue
    const key = `ref:${row[ciRef]}`
    const hour = Math.floor(Number(row[ciIssued]) / HOUR_MS)
    people.bucket.set(key, `${row[ciChannel]}:${row[ciTerminal] ?? ''}:${hour}`)
  }
  const namedResidents = new Set(
    [...people.bucket.keys()].flatMap((key) =>
      [...key.matchAll(/^ref:resident:(\d+)$/g)].map((m) => m[1])
    )
  )
  const residents = table('residents')!
  for (const row of residents.rows) {
    const id = String(row[col(residents, 'id')])
    if (namedResidents.size > 0 && !namedResidents.has(id)) continue
    residentKeys.add(`resident:${id}`)
    people.bucket.set(`resident:${id}`, 'online')
    phoneOwner.set(String(row[col(residents, 'phone_e164')]), `resident:${id}`)
  }

  // Ballots: the chain, and the intake's channel and terminal of each.
  const byToken = new Map<string, string>()
  for (const ballot of observation.ledger) {
    for (const token of ballot.tokens) byToken.set(token, ballot.unit)
    setFeature(ballots, ballot.unit, 'ledger.order', ballot.order)
    setFeature(ballots, ballot.unit, 'ledger.time', ballot.timestampMs)
  }
  const intake = table('ballots')!
  const channelOf = new Map<string, string>()
  for (const row of intake.rows) {
    const hash = String(row[col(intake, 'ballot_hash')])
    channelOf.set(hash, `${row[col(intake, 'channel')]}:${row[col(intake, 'terminal_id')] ?? ''}`)
  }
  const ballotHour = (ballot: LedgerBallot) => Math.floor(ballot.timestampMs / HOUR_MS)
  const ballotBucket = new Map<string, { channel: string; hour: number }>()
  for (const ballot of observation.ledger) {
    const channel = ballot.unit.startsWith('paper:')
      ? 'paper:'
      : (channelOf.get(ballot.unit) ?? '?:')
    ballotBucket.set(ballot.unit, { channel, hour: ballotHour(ballot) })
  }

  // Whom a cell or a line names.
  const personsIn = (text: string, column?: string, value?: Cell): string[] => {
    const found = new Set<string>()
    for (const match of text.matchAll(PERSON_REF)) {
      if (people.bucket.has(`ref:${match[0]}`)) found.add(`ref:${match[0]}`)
    }
    for (const match of text.matchAll(RESIDENT_REF)) {
      if (residentKeys.has(`resident:${match[1]}`)) found.add(`resident:${match[1]}`)
    }
    for (const match of text.matchAll(PHONE)) {
      const owner = phoneOwner.get(match[0])
      if (owner) found.add(owner)
    }
    if (column && /(^|_)(resident_id|tokenable_id|residentid)$/i.test(column) && value !== null) {
      if (residentKeys.has(`resident:${value}`)) found.add(`resident:${value}`)
    }
    return [...found]
  }
  const ballotsIn = (text: string): string[] => {
    const found = new Set<string>()
    for (const run of text.matchAll(HEX_RUN)) {
      const hex = run[0]
      const whole = byToken.get(hex)
      if (whole) found.add(whole)
      if (hex.length > 64) {
        for (let at = 0; at + 64 <= hex.length; at += 2) {
          const unit = byToken.get(hex.slice(at, at + 64))
          if (unit) found.add(unit)
        }
      }
    }
    for (const token of text.matchAll(/paper:\d+:\d+/g)) {
      if (ballotBucket.has(token[0])) found.add(token[0])
    }
    return [...found]
  }

  const cooccurrence = new Map<string, string>()
  const note = (source: string, position: number, cells: [string, Cell][], time?: number) => {
    const persons = new Set<string>()
    const named = new Set<string>()
    for (const [column, value] of cells) {
      if (value === null) continue
      const text = String(value)
      for (const person of personsIn(text, column, value)) persons.add(person)
      for (const unit of ballotsIn(text)) named.add(unit)
    }
    // residents.id names its own row
    if (source === 'residents') {
      const id = cells.find(([column]) => column === 'id')?.[1]
      if (residentKeys.has(`resident:${id}`)) persons.add(`resident:${id}`)
    }
    for (const [side, keys] of [
      [people, persons],
      [ballots, named],
    ] as const) {
      for (const key of keys) {
        setFeature(side, key, `${source}#position`, position)
        if (time !== undefined) setFeature(side, key, `${source}.time`, time)
        for (const [column, value] of cells) {
          if (typeof value === 'number') setFeature(side, key, `${source}.${column}`, value)
          if (value !== null && String(value).length >= 6) addValue(side, key, String(value))
        }
      }
    }
    if (named.size === 1) {
      const [unit] = named
      for (const person of persons) cooccurrence.set(person, unit)
    }
  }

  for (const t of observation.tables) {
    t.rows.forEach((row, position) =>
      note(
        t.name,
        position,
        t.columns.map((c, i) => [c, row[i]])
      )
    )
  }
  observation.logLines.forEach((line, position) => {
    let time: number | undefined
    let cells: [string, Cell][] = [['line', line]]
    let source = 'log'
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>
      time = typeof parsed.time === 'number' ? parsed.time : undefined
      // Lines of one message are one source: a feature per kind of event, not their minimum.
      // (digits masked: 'code 402027' and 'code 118530' are one kind).
      if (typeof parsed.msg === 'string') {
        source = `log[${parsed.msg.replace(/\d+/g, '#').slice(0, 60)}]`
      }
      cells = Object.entries(parsed).map(([k, v]) => [
        k,
        typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v ?? null),
      ])
      cells.push(['line', line])
    } catch {}
    note(source, position, cells, time)
  })

  // Scoring: chance is a random ballot of the person's bucket.
  const ballotBucketKey = (unit: string, residentSide: boolean) => {
    const b = ballotBucket.get(unit)!
    return residentSide ? b.channel.split(':')[0] : `${b.channel}:${b.hour}`
  }
  const personBucketKey = (person: string) =>
    person.startsWith('resident:') ? 'online' : people.bucket.get(person)!
  const bucketSizes = new Map<string, number>()
  for (const ballot of observation.ledger) {
    for (const residentSide of [true, false]) {
      const key = `${residentSide}|${ballotBucketKey(ballot.unit, residentSide)}`
      bucketSizes.set(key, (bucketSizes.get(key) ?? 0) + 1)
    }
  }
  const results: AttackResult[] = []
  const score = (name: string, guesses: Map<string, string>) => {
    let correct = 0
    let expected = 0
    for (const [person, unit] of guesses) {
      if (truth.ballotOf.get(person) === unit) correct++
      const residentSide = person.startsWith('resident:')
      const space = bucketSizes.get(`${residentSide}|${personBucketKey(person)}`) ?? 0
      expected += space > 0 ? 1 / space : 0
    }
    results.push({
      name,
      paired: guesses.size,
      correct,
      expectedByChance: expected,
      pValue: poissonTail(expected, correct),
    })
  }

  score('co-occurrence in a row or log line', cooccurrence)

  const owners = new Map<string, { people: Set<string>; ballots: Set<string> }>()
  for (const [side, key] of [
    [people, 'people'],
    [ballots, 'ballots'],
  ] as const) {
    for (const [unit, values] of side.values) {
      for (const value of values) {
        let entry = owners.get(value)
        if (!entry) owners.set(value, (entry = { people: new Set(), ballots: new Set() }))
        entry[key].add(unit)
      }
    }
  }
  const joined = new Map<string, string>()
  for (const { people: ps, ballots: bs } of owners.values()) {
    if (ps.size === 1 && bs.size === 1) joined.set([...ps][0], [...bs][0])
  }
  score('value join (a value of exactly one person and one ballot)', joined)

  const personFeatures = new Set([...people.features.values()].flatMap((f) => [...f.keys()]))
  const ballotFeatures = new Set([...ballots.features.values()].flatMap((f) => [...f.keys()]))
  for (const residentSide of [true, false]) {
    const persons = [...people.bucket.keys()].filter(
      (k) => k.startsWith('resident:') === residentSide
    )
    for (const pf of personFeatures) {
      for (const bf of ballotFeatures) {
        for (const descending of [false, true]) {
          const guesses = new Map<string, string>()
          const groups = new Map<string, { ps: [string, number][]; bs: [string, number][] }>()
          for (const p of persons) {
            const v = people.features.get(p)?.get(pf)
            if (v === undefined) continue
            const g = groups.get(personBucketKey(p)) ?? { ps: [], bs: [] }
            g.ps.push([p, v])
            groups.set(personBucketKey(p), g)
          }
          for (const [unit, features] of ballots.features) {
            const v = features.get(bf)
            const g = groups.get(ballotBucketKey(unit, residentSide))
            if (v !== undefined && g) g.bs.push([unit, v])
          }
          for (const { ps, bs } of groups.values()) {
            const order = (a: [string, number], b: [string, number]) =>
              a[1] - b[1] || (a[0] < b[0] ? -1 : 1)
            ps.sort(order)
            if (descending) ps.reverse()
            bs.sort(order)
            for (let i = 0; i < Math.min(ps.length, bs.length); i++) guesses.set(ps[i][0], bs[i][0])
          }
          if (guesses.size > 0) {
            score(
              `rank join ${residentSide ? 'resident' : 'person ref'} ${pf}${descending ? ' (descending)' : ''} ~ ${bf}`,
              guesses
            )
          }
        }
      }
    }
  }

  // Proximity join: a person's time (any feature holding epoch milliseconds) plus a lag → the first
  // ballot at or after it by any ballot time (block time, the intake's arrival; several people may
  // get one ballot). This is what a sign-in
  // or request time seconds before the ballot gives away even when other people's times in the
  // same column (signed in long before, say) would spoil a rank join.
  const ballotTimeFeatures = [...ballotFeatures].filter((bf) =>
    [...ballots.features.values()].some((f) => (f.get(bf) ?? 0) >= TIME_FLOOR_MS)
  )
  for (const residentSide of [true, false]) {
    const persons = [...people.bucket.keys()].filter(
      (k) => k.startsWith('resident:') === residentSide
    )
    const combinations = [...personFeatures].flatMap((personFeature) =>
      ballotTimeFeatures.flatMap((ballotFeature) =>
        PROXIMITY_LAGS_MS.map((lagMs) => [personFeature, ballotFeature, lagMs] as const)
      )
    )
    for (const [pf, bf, lag] of combinations) {
      const groups = new Map<string, { ps: [string, number][]; bs: [string, number][] }>()
      for (const p of persons) {
        const v = people.features.get(p)?.get(pf)
        if (v === undefined || v < TIME_FLOOR_MS) continue
        const g = groups.get(personBucketKey(p)) ?? { ps: [], bs: [] }
        g.ps.push([p, v + lag])
        groups.set(personBucketKey(p), g)
      }
      if (groups.size === 0) continue
      for (const [unit, features] of ballots.features) {
        const v = features.get(bf)
        const g = groups.get(ballotBucketKey(unit, residentSide))
        if (v !== undefined && v >= TIME_FLOOR_MS && g) g.bs.push([unit, v])
      }
      const guesses = new Map<string, string>()
      for (const { ps, bs } of groups.values()) {
        const order = (a: [string, number], b: [string, number]) =>
          a[1] - b[1] || (a[0] < b[0] ? -1 : 1)
        ps.sort(order)
        bs.sort(order)
        let next = 0
        for (const [person, at] of ps) {
          while (next < bs.length && bs[next][1] < at) next++
          if (next >= bs.length) break
          guesses.set(person, bs[next][0])
        }
      }
      if (guesses.size > 0) {
        score(
          `proximity join ${residentSide ? 'resident' : 'person ref'} ${pf} + ${lag / 1000} s → next ${bf}`,
          guesses
        )
      }
    }
  }
  return results.sort((a, b) => a.pValue - b.pValue)
}
