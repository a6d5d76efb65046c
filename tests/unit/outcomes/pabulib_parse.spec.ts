import { test } from '@japa/runner'
import { PabulibParseError, parsePabulib } from '#outcomes/pabulib/parse'
import { writePabulib } from '#outcomes/pabulib/write'
import { Rational } from '#outcomes/rational'

const lines = (...rows: string[]) => rows.join('\n') + '\n'

const good = lines(
  '# a comment line',
  'META',
  'key;value',
  'description;"Budget; with a semicolon and a ""quote""',
  'and a second line"',
  'budget;1000.50',
  'vote_type;approval',
  'num_votes;3',
  '',
  'PROJECTS',
  'project_id;cost;name',
  'c10;300.25;"Park; north"',
  'c2;500;Library',
  'L18/01;0.25;',
  'VOTES',
  'voter_id;vote;age',
  'v1;c10,c2;30',
  'v2;L18/01;',
  'v3;;41'
)

function expectError(
  assert: {
    fail(m: string): void
    equal(a: unknown, b: unknown, m?: string): void
    match(a: string, r: RegExp): void
  },
  text: string,
  line: number,
  pattern: RegExp
) {
  try {
    parsePabulib(text)
  } catch (error) {
    if (!(error instanceof PabulibParseError)) throw error
    assert.equal(error.line, line, error.message)
    assert.match(error.message, new RegExp(`^line ${line}: `))
    assert.match(error.message, pattern)
    return
  }
  assert.fail(`no error for ${pattern}`)
}

test.group('Outcomes / Pabulib parse', () => {
  test('reads sections, quoted fields with ; and newlines, comments, decimals, empty votes', ({
    assert,
  }) => {
    const file = parsePabulib(good)
    assert.equal(
      file.meta.get('description'),
      'Budget; with a semicolon and a "quote"\nand a second line'
    )
    assert.isTrue(file.budget.eq(Rational.parse('1000.5')))
    assert.equal(file.voteType, 'approval')
    assert.deepEqual(file.projectColumns, ['project_id', 'cost', 'name'])
    assert.deepEqual(
      file.projects.map((p) => [p.id, p.cost.toString(), p.fields.name]),
      [
        ['c10', '300.25', 'Park; north'],
        ['c2', '500', 'Library'],
        ['L18/01', '0.25', ''],
      ]
    )
    assert.deepEqual(
      file.votes.map((v) => [v.voterId, v.projects, v.fields.age]),
      [
        ['v1', ['c10', 'c2'], '30'],
        ['v2', ['L18/01'], ''],
        ['v3', [], '41'],
      ]
    )
    assert.deepEqual(file.warnings, [])
  })

  test('accepts CRLF line ends and a BOM', ({ assert }) => {
    const file = parsePabulib('\ufeff' + good.replaceAll('\n', '\r\n'))
    assert.equal(file.projects.length, 3)
    assert.equal(file.votes[0].projects.join(','), 'c10,c2')
  })

  test('reads points for cumulative and scoring ballots', ({ assert }) => {
    const text = lines(
      'META',
      'key;value',
      'budget;10',
      'vote_type;cumulative',
      'PROJECTS',
      'project_id;cost',
      'a;5',
      'b;5',
      'VOTES',
      'voter_id;vote;points',
      '1;a,b;3,2.5'
    )
    const file = parsePabulib(text)
    assert.deepEqual(
      file.votes[0].points!.map((p) => p.toString()),
      ['3', '2.5']
    )
  })

  test('warns when num_votes does not match', ({ assert }) => {
    const file = parsePabulib(good.replace('num_votes;3', 'num_votes;4'))
    assert.lengthOf(file.warnings, 1)
  })

  test('errors name the line: unknown section', ({ assert }) => {
    expectError(assert, good.replace('VOTES\n', 'RESULTS\n'), 15, /unknown section "RESULTS"/)
  })

  test('errors name the line: wrong field count', ({ assert }) => {
    expectError(assert, good.replace('c2;500;Library', 'c2;500'), 13, /2 fields, the header has 3/)
    expectError(assert, good.replace('v2;L18/01;', 'v2;L18/01;;'), 18, /4 fields, the header has 3/)
    expectError(assert, good.replace('budget;1000.50', 'budget'), 6, /1 fields, the header has 2/)
  })

  test('errors name the line: vote for an unknown project', ({ assert }) => {
    expectError(assert, good.replace('v1;c10,c2;30', 'v1;c10,c3;30'), 17, /unknown project "c3"/)
  })

  test('errors name the line: bad numbers', ({ assert }) => {
    expectError(
      assert,
      good.replace('c2;500;Library', 'c2;5o0;Library'),
      13,
      /cost of project "c2" is not a number/
    )
    expectError(assert, good.replace('c2;500;Library', 'c2;-5;Library'), 13, /negative/)
    expectError(assert, good.replace('budget;1000.50', 'budget;1,000'), 6, /budget is not a number/)
    const cumulative = lines(
      'META',
      'key;value',
      'budget;10',
      'vote_type;scoring',
      'PROJECTS',
      'project_id;cost',
      'a;5',
      'VOTES',
      'voter_id;vote;points',
      '1;a;x'
    )
    expectError(assert, cumulative, 10, /points of voter "1" is not a number/)
    expectError(assert, cumulative.replace('1;a;x', '1;a;1,2'), 10, /2 point values for 1 projects/)
    expectError(
      assert,
      cumulative.replace('voter_id;vote;points', 'voter_id;vote').replace('1;a;x', '1;a'),
      9,
      /lacks the "points" column/
    )
  })

  test('errors name the line: missing budget or vote_type, unknown vote_type', ({ assert }) => {
    expectError(assert, good.replace('budget;1000.50\n', ''), 2, /META has no budget/)
    expectError(assert, good.replace('vote_type;approval\n', ''), 2, /META has no vote_type/)
    expectError(
      assert,
      good.replace('vote_type;approval', 'vote_type;borda'),
      7,
      /unknown vote_type "borda"/
    )
  })

  test('errors name the line: structure', ({ assert }) => {
    expectError(assert, 'budget;5\n' + good, 1, /data before the META section/)
    expectError(
      assert,
      good.replace('c2;500;Library', 'c10;500;Library'),
      13,
      /project "c10" appears twice/
    )
    expectError(assert, good.replace('v2;L18/01;', 'v1;L18/01;'), 18, /voter "v1" appears twice/)
    expectError(
      assert,
      good.replace('project_id;cost;name', 'project_id;price;name'),
      11,
      /lacks the "cost" column/
    )
    expectError(assert, good.slice(0, good.indexOf('VOTES')), 15, /section VOTES is missing/)
    expectError(
      assert,
      good.replace('PROJECTS\n', 'VOTES\n'),
      10,
      /section VOTES found where PROJECTS was expected/
    )
    expectError(
      assert,
      good.replace('c2;500;Library', 'c2;500;"Library'),
      13,
      /quoted field is not closed/
    )
    expectError(
      assert,
      good.replace('c2;500;Library', 'c2;500;"Lib"rary'),
      13,
      /after a closing quote/
    )
    expectError(
      assert,
      good.replace('vote_type;approval', 'vote_type;choose-1'),
      17,
      /chose 2 projects on a choose-1 ballot/
    )
  })
})

test.group('Outcomes / Pabulib write', () => {
  test('round trip: parse(write(x)) gives x back, with pseudonymous voter ids', ({ assert }) => {
    const file = parsePabulib(good)
    const text = writePabulib(file, { selected: ['c2'] })
    const again = parsePabulib(text)
    assert.deepEqual([...again.meta], [...file.meta])
    assert.isTrue(again.budget.eq(file.budget))
    assert.equal(again.voteType, file.voteType)
    assert.deepEqual(again.projectColumns, ['project_id', 'cost', 'name', 'selected'])
    assert.deepEqual(
      again.projects.map((p) => [p.id, p.cost.toString(), p.fields.name, p.fields.selected]),
      [
        ['c10', '300.25', 'Park; north', '0'],
        ['c2', '500', 'Library', '1'],
        ['L18/01', '0.25', '', '0'],
      ]
    )
    assert.deepEqual(
      again.votes.map((v) => [v.voterId, v.projects, v.fields]),
      [
        ['1', ['c10', 'c2'], { age: '30' }],
        ['2', ['L18/01'], { age: '' }],
        ['3', [], { age: '41' }],
      ]
    )
    // Writing the re-parsed file again is a fixed point.
    assert.equal(writePabulib(again, { voterIds: 'keep' }), text)
  })

  test('round trip of points, awkward values and a non-decimal cost', ({ assert }) => {
    const text = writePabulib(
      {
        meta: [
          ['description', '  padded; "quoted"\nmultiline  '],
          ['comment', '#not a comment'],
        ],
        budget: Rational.of(1, 3),
        voteType: 'scoring',
        projectColumns: ['name'],
        projects: [
          { id: 'a', cost: Rational.parse('12.5'), fields: { name: 'META' } },
          { id: '#b', cost: Rational.of(2, 3), fields: { name: 'x;y' } },
        ],
        votes: [
          { projects: ['a', '#b'], points: [Rational.fromInteger(3), Rational.parse('-1.5')] },
        ],
      },
      { newline: '\r\n' }
    )
    const file = parsePabulib(text)
    assert.equal(file.meta.get('description'), '  padded; "quoted"\nmultiline  ')
    assert.equal(file.meta.get('comment'), '#not a comment')
    assert.isTrue(file.budget.eq(Rational.of(1, 3)))
    assert.deepEqual(
      file.projects.map((p) => [p.id, p.cost.toString(), p.fields.name]),
      [
        ['a', '12.5', 'META'],
        ['#b', '2/3', 'x;y'],
      ]
    )
    assert.deepEqual(file.votes[0].projects, ['a', '#b'])
    assert.deepEqual(file.votes[0].points!.map(String), ['3', '-1.5'])
  })
})
