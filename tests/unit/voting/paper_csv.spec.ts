import { test } from '@japa/runner'
import { checkPaperRules, parsePaperCsv, PAPER_LINES_MAX } from '#voting/paper/paper_csv'
import { parseVoterList } from '#voting/paper/voter_list'

const campaign = {
  pots: [
    { id: 1, budget: 100, rule: { kind: 'approval' as const, minSelections: 1, maxSelections: 2 } },
    { id: 2, budget: 0, rule: { kind: 'cumulative' as const, points: 5, maxPerProject: 3 } },
  ],
  projects: [
    { id: 11, cost: 10, potId: 1 },
    { id: 12, cost: 10, potId: 1 },
    { id: 13, cost: 10, potId: 1 },
    { id: 21, cost: 1, potId: 2 },
    { id: 22, cost: 1, potId: 2 },
  ],
}

test.group('voting / paper ballot CSV', () => {
  test('; or , as separator, optional header, id:weight, blank lines skipped', ({ assert }) => {
    for (const sep of [';', ',']) {
      const csv = `sheet${sep}projects\n\n1${sep}11 21:3 22:2\r\n2${sep} "12" \n`
      const { lines, errors } = parsePaperCsv(csv)
      assert.deepEqual(errors, [])
      assert.deepEqual(lines, [
        {
          line: 3,
          sheetNo: 1,
          choices: [
            { projectId: 11, weight: 1 },
            { projectId: 21, weight: 3 },
            { projectId: 22, weight: 2 },
          ],
        },
        { line: 4, sheetNo: 2, choices: [{ projectId: 12, weight: 1 }] },
      ])
      assert.deepEqual(checkPaperRules(lines, campaign), [])
    }
  })

  test('every bad line is reported with its number', ({ assert }) => {
    const csv = [
      '1;11',
      '1;12', // sheet twice
      '2;11 12 13', // three in an approval pot of max 2
      '3;11 21:4', // 4 points on one project, max 3
      '4;11;+79161234570', // a voter cell: sheets carry no voter
      '5;',
      '6;11 x',
      '7',
    ].join('\n')
    const { lines, errors } = parsePaperCsv(csv)
    const all = [...errors, ...checkPaperRules(lines, campaign)].sort((a, b) => a.line - b.line)
    assert.deepEqual(
      all.map((e) => [e.line, e.code, e.violation?.code ?? null]),
      [
        [2, 'duplicate_sheet', null],
        [3, 'rule', 'too_many'],
        [4, 'rule', 'per_project_exceeded'],
        [5, 'columns', null],
        [6, 'empty_sheet', null],
        [7, 'bad_projects', null],
        [8, 'columns', null],
      ]
    )
  })

  test('an empty file and an over-long one are refused', ({ assert }) => {
    assert.deepEqual(parsePaperCsv('sheet;projects\n\n').errors, [{ line: 1, code: 'empty_file' }])
    assert.equal(PAPER_LINES_MAX, 2_000)
    const long = Array.from({ length: 2_002 }, (_, i) => `${i + 1};11`).join('\n')
    assert.equal(parsePaperCsv(long).errors[0].code, 'too_many_lines')
    const voters = Array.from({ length: 2_002 }, (_, i) => `+7916${String(1000000 + i)}`)
    assert.equal(parseVoterList(voters.join('\n'), 'phone').errors[0].code, 'too_many_lines')
  })
})

test.group('voting / paper voter list', () => {
  test('one voter a line, any spelling, normalised; optional header; bad and twice by line', ({
    assert,
  }) => {
    const text = [
      'phone',
      '8 916 123-45-67',
      '',
      '+79161234568',
      'not-a-phone',
      '+7 916 123 45 67',
    ].join('\n')
    const { voters, errors } = parseVoterList(text, 'phone')
    assert.deepEqual(voters, [
      { line: 2, value: '+79161234567' },
      { line: 4, value: '+79161234568' },
    ])
    assert.deepEqual(errors, [
      { line: 5, code: 'bad_voter' },
      { line: 6, code: 'duplicate_voter' }, // the person of line 2
    ])
  })

  test('ID hashes in any letter case and spacing are one person', ({ assert }) => {
    const id = 'ab'.repeat(32)
    const { voters, errors } = parseVoterList(
      `id_hash\n${id}\n  ${id.toUpperCase()} \n"${id}"`,
      'id_hash'
    )
    assert.deepEqual(voters, [{ line: 2, value: id }])
    assert.deepEqual(
      errors.map((e) => [e.line, e.code]),
      [
        [3, 'duplicate_voter'],
        [4, 'duplicate_voter'],
      ]
    )
  })
})
