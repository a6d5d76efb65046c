import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import {
  checkPaperRules,
  parsePaperCsv,
  parsePaperFile,
  projectTotals,
  PAPER_LINES_MAX,
} from '#voting/paper/paper_csv'
import { parseVoterFile, parseVoterList } from '#voting/paper/voter_list'

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

test.group('voting / paper lists as uploaded files (streamed)', (group) => {
  let dir: string
  group.setup(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paper-csv-'))
    return () => rm(dir, { recursive: true, force: true })
  })

  test('a 200,000-line sheets file is read as a stream: every sheet, exact totals', async ({
    assert,
  }) => {
    const count = 200_000
    const path = join(dir, 'sheets.csv')
    const rows = ['\uFEFFsheet;projects']
    for (let i = 1; i <= count; i++) rows.push(`${i};${i % 2 === 0 ? '11 12' : '13'}`)
    await writeFile(path, `${rows.join('\r\n')}\r\n`)

    const { lines, errors } = await parsePaperFile(path, count)
    assert.deepEqual(errors, [])
    assert.equal(lines.length, count)
    assert.deepEqual(lines[count - 1], {
      line: count + 1,
      sheetNo: count,
      choices: [
        { projectId: 11, weight: 1 },
        { projectId: 12, weight: 1 },
      ],
    })
    assert.deepEqual(projectTotals(lines, [11, 12, 13, 21]), [
      { projectId: 11, votes: count / 2, points: count / 2 },
      { projectId: 12, votes: count / 2, points: count / 2 },
      { projectId: 13, votes: count / 2, points: count / 2 },
      { projectId: 21, votes: 0, points: 0 },
    ])
    // the batch's own limit: the file is refused at the first line past it
    const limited = await parsePaperFile(path)
    assert.deepEqual(limited.errors, [{ line: PAPER_LINES_MAX + 1, code: 'too_many_lines' }])
  }).timeout(120_000)

  test('a file gives what the same text gives, bad lines by number', async ({ assert }) => {
    const text = 'sheet,projects\n1,11 21:3\n\n1,12\n2,x\r\n3,12'
    const path = join(dir, 'bad.csv')
    await writeFile(path, text)
    const fromFile = await parsePaperFile(path)
    assert.deepEqual(fromFile, parsePaperCsv(text))
    assert.deepEqual(
      fromFile.errors.map((e) => [e.line, e.code]),
      [
        [4, 'duplicate_sheet'],
        [5, 'bad_projects'],
      ]
    )
    const voters = join(dir, 'voters.csv')
    await writeFile(voters, 'phone\n8 916 123-45-67\nnope\n+79161234567\n')
    const parsed = await parseVoterFile(voters, 'phone')
    assert.deepEqual(parsed, parseVoterList('phone\n8 916 123-45-67\nnope\n+79161234567', 'phone'))
    assert.deepEqual(parsed.voters, [{ line: 2, value: '+79161234567' }])
    assert.deepEqual(
      parsed.errors.map((e) => [e.line, e.code]),
      [
        [3, 'bad_voter'],
        [4, 'duplicate_voter'],
      ]
    )
    await writeFile(join(dir, 'empty.csv'), '\uFEFFsheet;projects\n\n')
    const empty = await parsePaperFile(join(dir, 'empty.csv'))
    assert.deepEqual(empty.errors, [{ line: 1, code: 'empty_file' }])
  })
})
