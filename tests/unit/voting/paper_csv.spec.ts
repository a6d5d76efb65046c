import { test } from '@japa/runner'
import { checkPaperRules, parsePaperCsv } from '#voting/paper/paper_csv'

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
      const { lines, errors } = parsePaperCsv(csv, 'none')
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
          voter: null,
        },
        { line: 4, sheetNo: 2, choices: [{ projectId: 12, weight: 1 }], voter: null },
      ])
      assert.deepEqual(checkPaperRules(lines, campaign), [])
    }
  })

  test('every bad line is reported with its number', ({ assert }) => {
    const csv = [
      '1;11;8 916 123-45-67',
      '1;12;+79161234568', // sheet twice
      '2;11 12 13;+79161234569', // three in an approval pot of max 2
      '3;11 21:4;+79161234570', // 4 points on one project, max 3
      '4;11;not-a-phone',
      '5;12;+7 916 123 45 67', // same person as line 1
      '6;11 x;+79161234571',
      '7;11',
    ].join('\n')
    const { lines, errors } = parsePaperCsv(csv, 'phone')
    assert.equal(lines[0].voter, '+79161234567')
    const all = [...errors, ...checkPaperRules(lines, campaign)].sort((a, b) => a.line - b.line)
    assert.deepEqual(
      all.map((e) => [e.line, e.code, e.violation?.code ?? null]),
      [
        [2, 'duplicate_sheet', null],
        [3, 'rule', 'too_many'],
        [4, 'rule', 'per_project_exceeded'],
        [5, 'bad_voter', null],
        [6, 'duplicate_voter', null],
        [7, 'bad_projects', null],
        [8, 'columns', null],
      ]
    )
  })

  test('an empty file and an over-long one are refused', ({ assert }) => {
    assert.deepEqual(parsePaperCsv('sheet;projects\n\n', 'none').errors, [
      { line: 1, code: 'empty_file' },
    ])
    const long = Array.from({ length: 10_002 }, (_, i) => `${i + 1};11`).join('\n')
    assert.equal(parsePaperCsv(long, 'none').errors[0].code, 'too_many_lines')
  })
})
